"""Partner files nobody on the team wrote, imported and then read back through every public
output (decision 0018).

The files and their expected outcomes (``external_partner_files/``) were written by a tester who
had read neither the importer nor the demo content, from ``shared/DOMAIN.md``, the HSDS 3.0
schemas and the public CSV documentation. Each test imports one file and checks what a
resident or another system would see: pages, the directory with "near", site search, the
sitemap, the HSDS API (lists, details, NDJSON) and ``export_hsds``.

The checks are counted as well as asserted, so the same file can score an older version of
the importer (the closing note reports the first run's score). ``municipality_export.csv`` is
the validation file: the importer was not tuned on it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from directory.models import Category, OrganisationPage, ServicePage

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "external_partner_files"
EXPECTED = json.loads((FILES / "expected.json").read_text(encoding="utf-8"))
# Our legal forms are finer than the tester's: where we have the precise form, it counts.
FINER = {
    "ngo": {"association"},
    "koinsep": {"koispe"},
    "non-profit": {"foundation", "private-law-entity"},
    "public": {"public-law-entity"},
    "municipal": {"public-law-entity", "private-law-entity"},
}
NEAR = ["Ηράκλειο", "Θεσσαλονίκη", "Καλαμαριά", "Αθήνα", "Βόλος", "Λάρισα"]


class Checks:
    """Named yes/no checks; the test fails on any "no" and prints them all."""

    def __init__(self):
        self.results: list[tuple[str, bool]] = []

    def __call__(self, name: str, ok: bool) -> bool:
        self.results.append((name, bool(ok)))
        return bool(ok)

    def report(self, title: str) -> str:
        passed = sum(ok for _name, ok in self.results)
        failed = [name for name, ok in self.results if not ok]
        lines = [f"{title}: {passed}/{len(self.results)} checks pass"]
        lines += [f"  FAILED {name}" for name in failed]
        return "\n".join(lines)


def run_import(name: str, *extra) -> tuple[str, str | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_hsds", str(FILES / name), *extra, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def page_key(page) -> str:
    return str(page.translation_key)


def imported_pages(organisation_keys) -> list[Page]:
    organisations = OrganisationPage.objects.filter(translation_key__in=organisation_keys)
    pages: list[Page] = []
    for organisation in organisations:
        pages.extend(Page.objects.descendant_of(organisation, inclusive=True).live().specific())
    return pages


def public_outputs(client, pages) -> dict[str, str]:
    """Everything a resident or another system can read, by where it was read."""
    outputs: dict[str, str] = {}
    for page in pages:
        url = page.get_url()
        if url:
            outputs[url] = client.get(url).content.decode()
    directory = "/domes/"
    for place in NEAR:
        for extra in ("", "&q=ξενώνας", "&q=φιλοξενία"):
            url = f"{directory}?near={place}&within=100{extra}"
            outputs[url] = client.get(url).content.decode()
    for query in ("ξενώνας", "φιλοξενία γυναικών", "ανήλικοι", "εμπορία ανθρώπων"):
        outputs[f"/search/?q={query}"] = client.get("/search/", {"q": query}).content.decode()
    outputs["/sitemap.xml"] = client.get("/sitemap.xml").content.decode()
    api = "/api/hsds"
    for path, params in (
        ("organizations", {"full_service": "true", "per_page": 100}),
        ("services", {"per_page": 100}),
        ("service_at_locations", {"per_page": 100}),
        ("services", {"format": "ndjson"}),
        ("organizations", {"format": "ndjson", "full_service": "true"}),
        ("service_at_locations", {"format": "ndjson"}),
    ):
        response = client.get(f"{api}/{path}", params)
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        outputs[f"{api}/{path}?{params}"] = body.decode()
    for page in pages:
        kind = "organizations" if isinstance(page, OrganisationPage) else "services"
        url = f"{api}/{kind}/{page_key(page)}"
        outputs[url] = client.get(url, {"full_service": "true"}).content.decode()
    for postcode in ("71409", "55133", "11143", "38333", "41447", "41336", "71410"):
        url = f"{api}/service_at_locations?postcode={postcode}&proximity=50"
        outputs[url] = client.get(url).content.decode()
    export = io.StringIO()
    call_command("export_hsds", "--format", "ndjson", stdout=export, stderr=io.StringIO())
    outputs["export_hsds"] = export.getvalue()
    return outputs


def coordinate_forms(lat: float, lng: float) -> list[str]:
    return [f"{lat:.4f}", f"{lng:.4f}"]


def leaks(outputs: dict[str, str], addresses, postcodes, coordinates) -> list[str]:
    found = []
    needles = [(a, re.escape(a)) for a in addresses]
    needles += [(p, rf"(?<![\w-]){re.escape(p)}(?![\w-])") for p in postcodes]
    for lat, lng in coordinates:
        needles += [(form, rf"(?<![\d.]){re.escape(form)}") for form in coordinate_forms(lat, lng)]
    for where, text in outputs.items():
        for shown, pattern in needles:
            if re.search(pattern, text):
                found.append(f"{shown} in {where}")
    return found


def folded_twins() -> list[str]:
    try:
        from directory.hsds.taxonomy_in import name_key
    except ImportError:  # scoring an older importer
        from search.normalise import fold as name_key

    seen: dict[tuple, str] = {}
    twins = []
    for category in Category.objects.all():
        key = (category.locale_id, category.parent_id, name_key(category.name))
        if key in seen:
            twins.append(f"{seen[key]!r} and {category.name!r}")
        seen[key] = category.name
    return twins


def same_municipality(stored: str, expected: str) -> bool:
    """The gazetteer's spelling of the tester's municipality ("Δήμος Πειραιώς" for "Δήμος
    Πειραιά", "Αμπελοκήπων - Μενεμένης" for "Αμπελοκήπων-Μενεμένης")."""
    from directory.models import Municipality
    from search.normalise import fold

    def key(text):
        return "".join(fold(text).replace("δημοσ", "").replace("-", "").split())

    if not Municipality.objects.filter(name_el=stored).exists():
        return False
    return key(stored)[:6] == key(expected)[:6]


def location_rows(key):
    from directory.models import OrganisationLocation

    return OrganisationLocation.objects.filter(translation_key=key)


# --- another publisher's HSDS file ------------------------------------------------------------


def test_another_publishers_file(client, freeze_now):
    freeze_now(2026, 12, 9, 11, 0)  # a Wednesday morning in Athens
    expected = EXPECTED["other_publisher.json"]
    check = Checks()
    out, error = run_import("other_publisher.json", "--publish")
    check("the file imports", error is None)
    organisations = json.loads((FILES / "other_publisher.json").read_text(encoding="utf-8"))
    pages = imported_pages([o["id"] for o in organisations])
    check(
        "every organisation is in the directory",
        len([p for p in pages if isinstance(p, OrganisationPage)])
        == expected["counts"]["organisations"],
    )
    outputs = public_outputs(client, pages)
    found = leaks(
        outputs,
        expected["confidential_addresses"],
        expected["confidential_postcodes"],
        expected["confidential_coordinates"],
    )
    check(f"no confidential address, postcode or point is public ({found[:5]})", not found)
    for key in expected["confidential_location_ids"]:
        rows = list(location_rows(key))
        check(f"location {key} is confidential", rows and all(r.is_confidential for r in rows))
    for item in expected["should_stay_public_location_ids"]:
        rows = list(location_rows(item["location_id"]))
        check(
            f"{item['location_name']} stays public",
            rows and not any(r.is_confidential for r in rows),
        )
    check(
        f"no two categories share a folded name at one level ({folded_twins()[:3]})",
        not folded_twins(),
    )
    by_key = {page_key(p): p for p in pages}
    for item in expected["temporarily_closed"]:
        page = by_key.get(item["service_id"])
        html = outputs.get(page.get_url(), "") if page else ""
        check("the temporarily closed service shows its alert", item["alert_contains"] in html)
        check(
            "…and does not say it opens as usual",
            page is not None and "ανοίγει" not in html.split("<h2")[0],
        )
        check(
            "…and shows when it opens again",
            page is not None and "11 Ιανουαρίου 2027" in html,
        )
    for item in expected["active_with_alert"]:
        page = by_key.get(item["service_id"])
        html = outputs.get(page.get_url(), "") if page else ""
        check("an active service's alert is shown", item["alert_contains"] in html)
        check("…and it is not shown as closed", "Προσωρινά κλειστό" not in html)
    placeless = {
        service["id"]
        for organisation in organisations
        if len(organisation.get("locations") or []) > 1
        for service in organisation.get("services") or []
        if not service.get("service_at_locations")
    }
    for key in expected["open_24h_service_ids"]:
        page = by_key.get(key)
        html = outputs.get(page.get_url(), "") if page else ""
        if key in placeless:
            # Hours for no place, in an organisation of several: which place is unknown.
            check(f"service {key}'s hours for no place are reported", "no location" in out)
            continue
        check(f"service {key} is open round the clock", "Ανοιχτό όλο το 24ωρο" in html)
        check(f"service {key} never says open until 23:59", "έως 23:59" not in html)
    by_month_day = {
        m["service_id"]: m for m in expected["monthly_schedules"] if m.get("bymonthday")
    }
    for key in expected["monthly_schedule_service_ids"]:
        page = by_key.get(key)
        html = outputs.get(page.get_url(), "") if page else ""
        detail = outputs.get(f"/api/hsds/services/{key}", "")
        if key in by_month_day:
            # Written out as dated openings for the year ahead, and said so in the report.
            rule = by_month_day[key]
            month_days = {int(day) for day in str(rule["bymonthday"]).split(",")}
            check(
                f"service {key}'s rule by day of the month is kept as dated openings",
                "dated openings" in out
                and any(
                    schedule.get("valid_from") == schedule.get("valid_to")
                    and int(str(schedule.get("valid_from"))[8:10] or 0) in month_days
                    and str(schedule.get("opens_at", "")).startswith(rule["opens_at"])
                    for schedule in _schedules_in(detail)
                ),
            )
            continue
        check(
            f"service {key}'s monthly rule is kept",
            '"MONTHLY"' in detail or "του μήνα" in html,
        )
    for key, best in expected["legal_status"].items():
        page = by_key.get(key)
        acceptable = {best, *expected["legal_status_acceptable"].get(key, [])}
        if None in acceptable:  # "no legal form": any, as long as the import goes on
            acceptable |= {page.legal_status if page else None}
        acceptable |= {fine for code in acceptable for fine in FINER.get(code, ())}
        check(
            f"legal form {expected['legal_status_source'].get(key)!r}",
            page is not None and page.legal_status in acceptable,
        )
    for key, name in expected["municipality"].items():
        rows = list(location_rows(key))
        check(
            f"municipality of {key} is {name}",
            rows and same_municipality(rows[0].municipality, name),
        )
    for name, keys in expected["municipality_groups"].items():
        stored = {row.municipality for key in keys for row in location_rows(key)}
        check(f"every spelling of {name} is stored as one", len(stored) == 1)
    for first, second in expected["municipality_must_differ"]:
        a, b = list(location_rows(first)), list(location_rows(second))
        check(
            "namesake municipalities stay apart", a and b and a[0].municipality != b[0].municipality
        )
    print(check.report("other_publisher.json"))
    assert all(ok for _name, ok in check.results), check.report("other_publisher.json")


# --- a municipality's spreadsheet (validation: not tuned on) ------------------------------------


def test_a_municipalitys_spreadsheet(client):
    expected = EXPECTED["municipality_export.csv"]
    check = Checks()
    before = OrganisationPage.objects.count()
    out, error = run_import("municipality_export.csv", "--publish")
    if error is not None:
        # The acceptable outcome: refused whole, nothing written, every problem placed.
        check("a refusal writes nothing", OrganisationPage.objects.count() == before)
        check("a refusal names rows and columns", "row " in error)
        print(check.report("municipality_export.csv (refused)") + "\n" + error[:2000])
        assert all(ok for _name, ok in check.results), check.report("municipality_export.csv")
        return
    names = {row["organisation_name"] for row in EXPECTED_ROWS()}
    pages = imported_pages(
        OrganisationPage.objects.filter(title__in=names).values_list("translation_key", flat=True)
    )
    outputs = public_outputs(client, pages)
    found = leaks(
        outputs,
        expected["confidential_addresses"],
        expected["confidential_postcodes"],
        expected["confidential_coordinates"],
    )
    check(f"no confidential address, postcode or point is public ({found[:5]})", not found)
    check(
        f"no two categories share a folded name at one level ({folded_twins()[:3]})",
        not folded_twins(),
    )
    from directory.models import OrganisationLocation

    for name in expected["confidential_location_names"]:
        rows = OrganisationLocation.objects.filter(name=name)
        check(f"{name} is confidential", rows.exists() and all(r.is_confidential for r in rows))
    for location_name, municipality in expected["municipality"].items():
        rows = OrganisationLocation.objects.filter(name=location_name)
        check(
            f"{location_name}: {municipality}",
            rows.exists() and all(r.municipality == municipality for r in rows),
        )
    for organisation, best in expected["legal_status"].items():
        page = OrganisationPage.objects.filter(title=organisation).first()
        acceptable = {best, *expected.get("legal_status_acceptable", {}).get(organisation, [])}
        acceptable |= {fine for code in acceptable if code for fine in FINER.get(code, ())}
        check(f"legal form of {organisation}", page is not None and page.legal_status in acceptable)
    out_again, error_again = run_import("municipality_export.csv", "--publish")
    check("a second import changes nothing", error_again is None and " 0 updated" in out_again)
    print(check.report("municipality_export.csv"))
    assert all(ok for _name, ok in check.results), check.report("municipality_export.csv")


def EXPECTED_ROWS():  # noqa: N802 - reads like the constant it stands beside
    import csv

    text = (FILES / "municipality_export.csv").read_text(encoding="utf-8-sig")
    return [row for row in csv.DictReader(io.StringIO(text)) if row.get("organisation_name")]


# --- a hostile file -----------------------------------------------------------------------------


def test_a_hostile_file_is_refused_whole_with_its_problems_placed():
    expected = EXPECTED["hostile.json"]
    check = Checks()
    counts = (
        OrganisationPage.objects.count(),
        ServicePage.objects.count(),
        Category.objects.count(),
    )
    out, error = run_import("hostile.json", "--publish")
    check("the file is refused", error is not None)
    check(
        "nothing is written",
        counts
        == (
            OrganisationPage.objects.count(),
            ServicePage.objects.count(),
            Category.objects.count(),
        ),
    )
    text = error or ""
    for where in expected["must_report_at_least"]:
        ours = "organizations" + where[1:]
        check(f"{where} is reported", ours in text or f"{ours}." in text or f"{ours}[" in text)
    print(check.report("hostile.json"))
    assert all(ok for _name, ok in check.results), check.report("hostile.json")


def test_markup_from_a_file_is_shown_as_text(client, tmp_path):
    items = json.loads((FILES / "hostile.json").read_text(encoding="utf-8"))
    markup_only = items[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps([markup_only]), encoding="utf-8")
    call_command("import_hsds", str(path), "--publish", stdout=io.StringIO())
    pages = imported_pages([markup_only["id"]])
    assert pages
    for page in pages:
        html = client.get(page.get_url()).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<svg" not in html.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or page.title not in html


def _schedules_in(text: str) -> list[dict]:
    """Every schedule of an HSDS service as the API gives it: its own and its places'."""
    try:
        service = json.loads(text)
    except ValueError:
        return []
    found = list(service.get("schedules") or [])
    for link in service.get("service_at_locations") or []:
        found += link.get("schedules") or []
        found += (link.get("location") or {}).get("schedules") or []
    return found
