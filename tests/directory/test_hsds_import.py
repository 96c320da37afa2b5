"""``import_hsds``: HSDS 3.0 organisations into the partner directory (decision 0007).

The official example must import (its values that do not fit ours are warnings), a second run
of the same input must change nothing, and an input with errors must write nothing."""

import copy
import io
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from directory.hsds import ids
from directory.hsds.importer import ImportProblems, import_organisations
from directory.models import (
    Category,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePage,
    TargetGroup,
)

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parents[1] / "hsds_schemas" / "examples" / "organization_full.json"


@pytest.fixture
def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            OrganisationPage,
            ServicePage,
            OrganisationLocation,
            ServiceAtLocation,
            Category,
            TargetGroup,
            ServiceLanguage,
            Revision,
        )
    }


def session(days, opens, closes, past_midnight=False, nth=""):
    return {
        "days": days,
        "opens": opens,
        "closes": closes,
        "past_midnight": past_midnight,
        "nth": nth,
    }


def weekly(day_codes, opens, closes, valid_from=None, valid_to=None, **extra):
    schedule = {
        "id": str(uuid.uuid4()),
        "freq": "WEEKLY",
        "byday": day_codes,
        "opens_at": opens,
        "closes_at": closes,
        **extra,
    }
    if valid_from:
        schedule.update(valid_from=valid_from, valid_to=valid_to)
    return schedule


def small_org(org_id=None, *, confidential=False, locations=None, services=None):
    org_id = org_id or str(uuid.uuid4())
    location_id = str(uuid.uuid4())
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": "Γραφείο Ξάνθης",
        "latitude": 41.139,
        "longitude": 24.888,
        "addresses": [
            {
                "id": str(uuid.uuid4()),
                "address_1": "Οδός Ειρήνης 3, Ξάνθη",
                "city": "Δήμος Ξάνθης",
                "state_province": "",
                "postal_code": "67100",
                "country": "GR",
                "address_type": "physical",
            }
        ],
        "schedules": [weekly("MO,TU,WE,TH,FR", "09:00", "15:00")],
    }
    if confidential:
        location["attributes"] = [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": ids.derived(ids.LOCATION_FLAGS_TAXONOMY, ids.CONFIDENTIAL_CODE),
                    "code": ids.CONFIDENTIAL_CODE,
                    "name": "Εμπιστευτική διεύθυνση",
                    "description": "Εμπιστευτική διεύθυνση",
                    "taxonomy": "koinotita-location-flags",
                },
            }
        ]
    service_id = str(uuid.uuid4())
    return {
        "id": org_id,
        "name": "Σύλλογος Δοκιμής Εισαγωγής",
        "description": "Οργάνωση για τη δοκιμή της εισαγωγής.",
        "legal_status": "ngo",
        "email": "info@dokimi.example",
        "phones": [{"id": str(uuid.uuid4()), "number": "2541000000"}],
        "locations": locations if locations is not None else [location],
        "services": services
        if services is not None
        else [
            {
                "id": service_id,
                "name": "Συμβουλευτική γονέων",
                "description": "Συναντήσεις για γονείς.",
                "status": "active",
                "cost_options": [{"id": str(uuid.uuid4()), "option": "free", "amount": 0}],
                "languages": [{"id": str(uuid.uuid4()), "code": "el", "name": "Ελληνικά"}],
                "attributes": [
                    {
                        "id": str(uuid.uuid4()),
                        "taxonomy_term": {
                            "id": str(uuid.uuid4()),
                            "code": "parenting",
                            "name": "Γονεϊκότητα",
                            "description": "",
                            "taxonomy": "koinotita-categories",
                        },
                    },
                    {
                        "id": str(uuid.uuid4()),
                        "taxonomy_term": {
                            "id": str(uuid.uuid4()),
                            "code": "single-parents",
                            "name": "Μονογονείς",
                            "description": "",
                            "taxonomy": "koinotita-target-groups",
                        },
                    },
                ],
                "service_at_locations": [
                    {"id": str(uuid.uuid4()), "location_id": location_id, "schedules": []}
                ],
            }
        ],
    }


# --- the official example -------------------------------------------------------------------


def test_the_official_example_imports_with_warnings_and_then_changes_nothing(example):
    before = counts()
    summary = import_organisations([example])
    assert (summary.created, summary.updated, summary.skipped) == (2, 0, 0)
    organisation = OrganisationPage.objects.get(translation_key=example["id"])
    assert not organisation.live  # a draft until someone publishes it
    assert organisation.legal_status == "ngo"  # "Limited Company" is not one of ours
    location = organisation.locations.get()
    assert (location.latitude, location.longitude, location.postcode) == (None, None, "")
    assert location.street_address == "1-30 Main Street, MyVillage"
    service = ServicePage.objects.get(translation_key="ac148810-d857-441c-9679-408f346de14b")
    assert service.get_parent().pk == organisation.pk
    assert (service.minimum_age, service.maximum_age, service.is_free) == (12, 100, False)
    assert service.service_locations.get().location_id == location.pk
    assert [lang.code for lang in service.languages.all()] == ["ur"]
    places = {w.place for w in summary.warnings}
    assert "organizations[0].legal_status" in places
    assert "organizations[0].locations[0].latitude" in places
    assert "organizations[0].locations[0].addresses[0].postal_code" in places
    assert "organizations[0].locations[0].addresses[0].country" in places
    assert "organizations[0].phones[0].number" in places
    assert counts()["OrganisationPage"] == before["OrganisationPage"] + 1
    assert counts()["ServicePage"] == before["ServicePage"] + 1

    after_first = counts()
    again = import_organisations([example])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert counts() == after_first  # not a single new revision


def test_the_example_weekly_rule_is_read_in_athens_time(example):
    import_organisations([example])
    location = OrganisationLocation.objects.get(translation_key=example["locations"][0]["id"])
    # 10:00–18:00 at UTC+3 on 2005-01-01 (Athens is UTC+2 in winter) is 09:00–17:00 in Athens.
    sessions = [child.value for child in location.opening_hours]
    assert len(sessions) == 1
    assert sessions[0]["days"] == ["3", "4"]
    assert f"{sessions[0]['opens']:%H:%M}-{sessions[0]['closes']:%H:%M}" == "09:00-17:00"


# --- errors ----------------------------------------------------------------------------------


def test_every_problem_is_reported_with_its_place_and_nothing_is_written(example):
    broken = copy.deepcopy(example)
    broken["services"][0]["schedules"][0]["opens_at"] = "25:00"
    broken["services"][0]["status"] = "open"
    second = small_org()
    second["services"][0]["service_at_locations"][0]["schedules"] = [
        weekly("MO,XX", "09:00", "13:00")
    ]
    third = small_org()
    del third["name"]
    third["locations"][0]["schedules"][0]["closes_at"] = None
    duplicate = small_org(org_id=second["id"])
    before = counts()
    with pytest.raises(ImportProblems) as raised:
        import_organisations([broken, second, third, duplicate], publish=True)
    text = [str(p) for p in raised.value.problems]
    assert any(t.startswith("organizations[0].services[0].schedules[0].opens_at:") for t in text)
    assert any(t.startswith("organizations[0].services[0].status:") for t in text)
    assert any(
        t.startswith("organizations[1].services[0].service_at_locations[0].schedules[0].byday:")
        for t in text
    )
    assert any(t.startswith("organizations[2]:") and "name" in t for t in text)
    assert any(t.startswith("organizations[2].locations[0].schedules[0].closes_at:") for t in text)
    assert any(t.startswith("organizations[3].id:") and "used twice" in t for t in text)
    assert counts() == before


def test_an_id_of_another_organisations_service_is_refused():
    other = ServicePage.objects.filter(locale__language_code="el").first()
    org = small_org()
    org["services"][0]["id"] = str(other.translation_key)
    before = counts()
    with pytest.raises(ImportProblems) as raised:
        import_organisations([org])
    assert [p.place for p in raised.value.problems] == ["organizations[0].services[0].id"]
    assert counts() == before


# --- drafts, publishing, taxonomy --------------------------------------------------------------


def test_draft_by_default_and_published_on_request():
    draft_org, live_org = small_org(), small_org()
    import_organisations([draft_org])
    import_organisations([live_org], publish=True)
    draft = OrganisationPage.objects.get(translation_key=draft_org["id"])
    live = OrganisationPage.objects.get(translation_key=live_org["id"])
    assert not draft.live and draft.has_unpublished_changes
    assert live.live and not live.has_unpublished_changes
    service = ServicePage.objects.child_of(live).get()
    assert service.live
    assert not ServicePage.objects.child_of(draft).get().live


def test_a_change_to_a_live_page_is_a_draft_until_published():
    org = small_org()
    import_organisations([org], publish=True)
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    org["services"][0]["description"] = "Νέα περιγραφή."
    summary = import_organisations([org])
    assert summary.counts["service"]["updated"] == 1
    assert summary.counts["organisation"]["unchanged"] == 1
    service.refresh_from_db()
    assert service.description == "Συναντήσεις για γονείς."  # live content untouched
    assert service.has_unpublished_changes
    assert service.get_latest_revision_as_object().description == "Νέα περιγραφή."
    # The same draft again: nothing new.
    revisions = Revision.objects.count()
    assert import_organisations([org]).counts["service"]["unchanged"] == 1
    assert Revision.objects.count() == revisions
    import_organisations([org], publish=True)
    service.refresh_from_db()
    assert service.description == "Νέα περιγραφή."


def test_unknown_terms_are_created_and_known_ones_reused():
    org = small_org()
    org["services"][0]["attributes"].append(
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {
                "id": str(uuid.uuid4()),
                "code": "mental-health",
                "name": "whatever",
                "description": "",
                "taxonomy": "koinotita-categories",
            },
        }
    )
    categories = Category.objects.count()
    import_organisations([org], publish=True)
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    assert sorted(c.code for c in service.categories.all()) == ["mental-health", "parenting"]
    assert Category.objects.count() == categories + 1
    assert [t.code for t in service.target_groups.all()] == ["single-parents"]
    assert TargetGroup.objects.filter(code="single-parents", name="Μονογονείς").exists()
    new = Category.objects.get(code="parenting")
    assert new.translation_key == uuid.UUID(
        org["services"][0]["attributes"][0]["taxonomy_term"]["id"]
    )


def test_community_centres_are_skipped(paionia):
    org = small_org()
    org["attributes"] = [
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {
                "id": ids.derived(ids.ORGANISATION_KINDS_TAXONOMY, ids.COMMUNITY_CENTRE_CODE),
                "code": ids.COMMUNITY_CENTRE_CODE,
                "name": "Κέντρο Κοινότητας",
                "description": "",
                "taxonomy": "koinotita-organisation-kinds",
            },
        }
    ]
    by_id = small_org(org_id=str(paionia.translation_key))
    before = counts()
    summary = import_organisations([org, by_id])
    assert summary.skipped == 2
    assert counts() == before


# --- confidential locations and hours ---------------------------------------------------------


def test_a_confidential_address_is_kept_when_the_import_has_none():
    org = small_org(confidential=True)
    import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    assert location.kind == LocationKind.CONFIDENTIAL
    assert (location.postcode, location.latitude) == ("67100", 41.139)
    # What an export carries for it: the name and the flag only.
    exported = org["locations"][0]
    for key in ("latitude", "longitude"):
        exported.pop(key)
    exported.update(addresses=[], schedules=[], phones=[])
    summary = import_organisations([org], publish=True)
    assert summary.unchanged == 2
    location.refresh_from_db()
    assert location.street_address == "Οδός Ειρήνης 3, Ξάνθη"
    assert (location.postcode, location.latitude, location.longitude) == ("67100", 41.139, 24.888)
    assert len(location.opening_hours) == 1


def test_an_exports_two_offset_periods_become_one_weekly_session_and_exceptions_come_back():
    org = small_org()
    org["locations"][0]["schedules"] = [
        # What hsds_schedules writes for Mo–Fr 09:00–15:00 and a closure, winter then summer.
        weekly("MO,TU,WE,TH,FR", "09:00+02:00", "15:00+02:00", "2025-10-26", "2026-03-28"),
        weekly("MO,TU,WE,TH,FR", "09:00+03:00", "15:00+03:00", "2026-03-29", "2026-10-24"),
        weekly("SA", "22:00+02:00", "02:00+02:00", "2025-10-26", "2026-03-28"),
        weekly("SA", "22:00+03:00", "02:00+03:00", "2026-03-29", "2026-10-24"),
        {
            "id": str(uuid.uuid4()),
            "valid_from": "2026-03-25",
            "valid_to": "2026-03-25",
            "timezone": 2,
            "description": "Closed: Εθνική εορτή",
        },
        {
            "id": str(uuid.uuid4()),
            "valid_from": "2026-04-02",
            "valid_to": "2026-04-03",
            "timezone": 3,
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR,SA,SU",
            "opens_at": "10:00+03:00",
            "closes_at": "12:00+03:00",
            "description": "Special hours: Εκπαίδευση προσωπικού",
        },
    ]
    summary = import_organisations([org], publish=True)
    assert not [w for w in summary.warnings if "schedules" in w.place]
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    raw = [child["value"] for child in location.opening_hours.raw_data]
    assert raw == [
        session(["0", "1", "2", "3", "4"], "09:00", "15:00"),
        session(["5"], "22:00", "02:00", past_midnight=True),
    ]
    exceptions = [child["value"] for child in location.hours_exceptions.raw_data]
    assert [(e["start_date"], e["end_date"], e["closed"], e["reason"]) for e in exceptions] == [
        ("2026-03-25", None, True, "Εθνική εορτή"),
        ("2026-04-02", "2026-04-03", False, "Εκπαίδευση προσωπικού"),
    ]
    assert (exceptions[1]["opens"], exceptions[1]["closes"]) == ("10:00", "12:00")
    # A time given in UTC is read in Athens time, moving to the next day when it must.
    org["services"][0]["service_at_locations"][0]["schedules"] = [
        weekly("SU", "23:30Z", "23:45Z", "2026-01-01", "2026-01-01")
    ]
    import_organisations([org], publish=True)
    link = ServiceAtLocation.objects.get(
        translation_key=org["services"][0]["service_at_locations"][0]["id"]
    )
    assert [child["value"] for child in link.opening_hours.raw_data] == [
        session(["0"], "01:30", "01:45")
    ]


def test_a_monthly_rule_is_kept_for_its_week_of_the_month():
    org = small_org()
    org["locations"][0]["schedules"].append(
        {
            "id": str(uuid.uuid4()),
            "freq": "MONTHLY",
            "byday": "2TH,-1FR",
            "opens_at": "17:00",
            "closes_at": "19:00",
        }
    )
    summary = import_organisations([org], publish=True)
    assert not [w for w in summary.warnings if "schedules[1]" in w.place]
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    raw = [child["value"] for child in location.opening_hours.raw_data]
    assert session(["3"], "17:00", "19:00", nth="2") in raw
    assert session(["4"], "17:00", "19:00", nth="-1") in raw
    # The engine reads it: open on the 2nd Thursday of December 2026, not on the 1st.
    from datetime import datetime

    from directory.hours import ATHENS

    engine = location.opening_hours_engine
    assert engine.is_open(datetime(2026, 12, 10, 18, 0, tzinfo=ATHENS))
    assert not engine.is_open(datetime(2026, 12, 3, 18, 0, tzinfo=ATHENS))
    # Exported again, it is the same monthly rule.
    assert import_organisations([org], publish=True).updated == 0


def test_a_rule_by_day_of_the_month_becomes_dated_openings_the_page_reads():
    from datetime import datetime, timedelta

    from directory.hours import ATHENS, holiday_name, local

    org = small_org()
    org["locations"][0]["schedules"].append(
        {
            "id": str(uuid.uuid4()),
            "freq": "MONTHLY",
            "bymonthday": "15",
            "opens_at": "15:00",
            "closes_at": "19:00",
            "description": "Διανομή στις 15 κάθε μήνα",
        }
    )
    summary = import_organisations([org], publish=True)
    (warning,) = [w for w in summary.warnings if w.place.endswith("schedules[1].bymonthday")]
    assert "dated openings" in warning.message
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    days = [child["value"]["start_date"] for child in location.hours_exceptions.raw_data]
    assert days and all(str(day).endswith("-15") for day in days)
    # It meets the weekday hours (09:00–15:00) and joins them; so the next 15th that is not a
    # holiday, whenever this runs, is open at 18:00, and the day after is not.
    today = local(datetime.now(ATHENS)).date()
    day = today + timedelta(days=1)
    while day.day != 15 or holiday_name(day):
        day += timedelta(days=1)
    engine = location.opening_hours_engine
    assert engine.is_open(datetime(day.year, day.month, day.day, 18, tzinfo=ATHENS))
    after = day + timedelta(days=1)
    assert not engine.is_open(datetime(after.year, after.month, after.day, 18, tzinfo=ATHENS))
    # The same file again changes nothing.
    assert import_organisations([org], publish=True).updated == 0


# --- inputs of the command ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["object", "array", "ndjson"])
def test_the_command_reads_an_object_an_array_or_ndjson(tmp_path, shape):
    first, second = small_org(), small_org()
    if shape == "object":
        text, expected = json.dumps(first), [first]
    elif shape == "array":
        text, expected = json.dumps([first, second]), [first, second]
    else:
        text, expected = json.dumps(first) + "\n" + json.dumps(second) + "\n", [first, second]
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_hsds", str(path), "--publish", stdout=out, stderr=io.StringIO())
    for org in expected:
        assert OrganisationPage.objects.get(translation_key=org["id"]).live
    assert f"organisations: {len(expected)} created" in out.getvalue()


def test_the_command_fails_with_the_problems_and_writes_nothing(tmp_path):
    org = small_org()
    org["services"][0]["status"] = "open"
    path = tmp_path / "input.ndjson"
    path.write_text(json.dumps(small_org()) + "\n" + json.dumps(org) + "\n", encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "organizations[1].services[0].status" in str(raised.value)
    assert counts() == before


# --- the round trip with the serialiser ---------------------------------------------------------


def test_an_export_of_the_demo_partners_imports_unchanged():
    from wagtail.models import Locale

    from directory.hsds.serialise import Serialiser

    el = Locale.objects.get(language_code="el")
    serialiser = Serialiser(el, "el", absolute=lambda url: f"https://koinotita.example{url or ''}")
    organisations = [
        serialiser.organisation(page, full_service=True)
        for page in OrganisationPage.objects.filter(locale=el).live().order_by("path")
    ]
    assert any(
        location.get("attributes") for o in organisations for location in o["locations"]
    )  # a shelter is among them
    before = counts()
    summary = import_organisations(organisations)
    assert (summary.created, summary.updated) == (0, 0), [str(w) for w in summary.warnings]
    assert summary.unchanged == len(organisations) + sum(len(o["services"]) for o in organisations)
    assert counts() == before


def test_a_new_location_of_a_live_organisation_waits_for_publishing():
    org = small_org()
    import_organisations([org], publish=True)
    new_location = copy.deepcopy(org["locations"][0])
    new_location.update(id=str(uuid.uuid4()), name="Παράρτημα")
    org["locations"].append(new_location)
    org["services"][0]["service_at_locations"].append(
        {"id": str(uuid.uuid4()), "location_id": new_location["id"], "schedules": []}
    )
    summary = import_organisations([org])
    assert summary.counts["organisation"]["updated"] == 1
    assert "organizations[0].services[0].service_at_locations[1]" in {
        w.place for w in summary.warnings
    }
    assert not OrganisationLocation.objects.filter(translation_key=new_location["id"]).exists()
    # Again as a draft: nothing new. Published: the location and the link exist.
    assert import_organisations([org]).unchanged == 2
    import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=new_location["id"])
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    assert location.pk in {link.location_id for link in service.service_locations.all()}


# --- a long file, a part at a time ---------------------------------------------------------------


def test_an_ndjson_file_is_read_a_part_at_a_time(tmp_path, monkeypatch):
    from directory.hsds import reading

    monkeypatch.setattr(reading, "PART_SIZE", 2)
    organisations = [small_org() for _ in range(5)]
    path = tmp_path / "partners.ndjson"
    path.write_text("\n".join(json.dumps(o) for o in organisations) + "\n", encoding="utf-8")
    parts = []
    original = reading.ndjson_parts

    def counting(name, size=None):
        read = original(name, 2)

        def again():
            for part in read():
                parts.append(len(part))
                yield part

        return again

    monkeypatch.setattr(reading, "ndjson_parts", counting)
    call_command("import_hsds", str(path), "--publish", stdout=io.StringIO())
    assert max(parts) == 2  # never the whole file at once
    for organisation in organisations:
        assert OrganisationPage.objects.filter(translation_key=organisation["id"]).exists()


def test_a_problem_in_a_later_part_is_placed_in_the_whole_file_and_nothing_is_written(
    tmp_path, monkeypatch
):
    from directory.hsds import reading

    monkeypatch.setattr(reading, "PART_SIZE", 2)
    organisations = [small_org() for _ in range(5)]
    organisations[4]["services"][0]["id"] = organisations[0]["services"][0]["id"]  # used twice
    organisations[3]["name"] = ""
    path = tmp_path / "partners.ndjson"
    path.write_text("\n".join(json.dumps(o) for o in organisations) + "\n", encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_hsds", str(path), "--publish", stdout=io.StringIO())
    assert "organizations[3].name" in str(refused.value)
    assert "organizations[4].services[0].id" in str(refused.value)
    assert counts() == before
