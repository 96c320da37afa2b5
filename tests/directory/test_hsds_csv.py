"""The CSV template: rows into the importer, problems named by row and column, and the admin
download of a partner's own services, which imports again unchanged."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from directory.hsds import csv_format
from directory.hsds.importer import ImportProblems, import_organisations
from directory.models import OrganisationLocation, OrganisationPage, ServicePage
from directory.partner_access import invite_partner

pytestmark = pytest.mark.django_db

TEMPLATE = Path(__file__).parents[2] / "docs" / "hsds-csv-template.csv"


def rows_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_format.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def import_csv(text: str, **options):
    organisations, where = csv_format.read(text)
    try:
        return import_organisations(organisations, **options), where
    except ImportProblems as error:
        raise AssertionError([where(p) for p in error.problems]) from error


def test_the_shipped_template_imports_and_its_hours_are_read():
    summary, _where = import_csv(TEMPLATE.read_text(encoding="utf-8"), publish=True)
    assert summary.counts["organisation"]["created"] == 1
    assert summary.counts["service"]["created"] == 2
    organisation = OrganisationPage.objects.get(title="Σύλλογος Γονέων Δοκιμής")
    location = organisation.locations.get()
    assert [child["value"]["days"] for child in location.opening_hours.raw_data] == [
        ["0", "1", "2", "3", "4"],
        ["5"],
    ]
    assert len(location.hours_exceptions.raw_data) == 1
    services = ServicePage.objects.child_of(organisation).order_by("title")
    assert {s.title for s in services} == {"Συμβουλευτική γονέων", "Μαθήματα ελληνικών"}
    lessons = services.get(title="Μαθήματα ελληνικών")
    assert sorted(lang.code for lang in lessons.languages.all()) == ["ar", "el"]
    assert [c.code for c in lessons.categories.all()] == ["education"]
    link = lessons.service_locations.get()
    assert [child["value"]["opens"] for child in link.opening_hours.raw_data] == ["17:00"]
    # Rows without ids get ids derived from their names: the same file again changes nothing.
    again, _where = import_csv(TEMPLATE.read_text(encoding="utf-8"), publish=True)
    assert again.unchanged == 3


def test_problems_are_named_by_row_and_column_and_nothing_is_written():
    rows = list(csv.DictReader(io.StringIO(TEMPLATE.read_text(encoding="utf-8"))))
    rows[1]["hours"] = "Mo-Fr 9-15"
    rows[1]["free"] = "maybe"
    text = rows_text(rows)
    before = OrganisationPage.objects.count()
    with pytest.raises(csv_format.CsvProblems) as raised:
        csv_format.read(text)
    assert [str(p).split(":")[0] for p in raised.value.problems] == [
        "row 3, column free",
        "row 3, column hours",
    ]
    # Problems the importer finds are placed the same way.
    rows = list(csv.DictReader(io.StringIO(TEMPLATE.read_text(encoding="utf-8"))))
    rows[1]["service_email"] = "not an address"
    rows[0]["location_closures"] = "2026-04-03..2026-04-02 Λάθος"
    rows[1]["location_closures"] = ""  # a location's columns may be left empty on its later rows
    organisations, where = csv_format.read(rows_text(rows))
    with pytest.raises(ImportProblems) as raised:
        import_organisations(organisations)
    placed = [where(p) for p in raised.value.problems]
    assert any(p.startswith("row 2, column location_closures:") for p in placed), placed
    assert any(p.startswith("row 3, column service_email:") for p in placed), placed
    assert OrganisationPage.objects.count() == before


def test_the_command_reads_csv_and_reports_rows(tmp_path):
    rows = list(csv.DictReader(io.StringIO(TEMPLATE.read_text(encoding="utf-8"))))
    rows[0]["status"] = "open"
    path = tmp_path / "partners.csv"
    path.write_text(rows_text(rows), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "row 2, column status" in str(raised.value)
    path.write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_hsds", str(path), stdout=out, stderr=io.StringIO())
    assert "services: 2 created" in out.getvalue()


# --- the admin download -----------------------------------------------------------------------


@pytest.fixture
def partners():
    org_a = OrganisationPage.objects.get(slug="ngo-heraklion", locale__language_code="el")
    org_b = OrganisationPage.objects.get(slug="ngo-chania", locale__language_code="el")
    partner_a, _ = invite_partner(org_a, "a@partners.example")
    partner_b, _ = invite_partner(org_b, "b@partners.example")
    return org_a, org_b, partner_a, partner_b


def download(client, organisation):
    return client.get(f"/admin/directory/organisation/{organisation.pk}/services.csv")


def test_a_partner_downloads_its_own_services_only(client, partners):
    org_a, org_b, partner_a, partner_b = partners
    client.force_login(partner_a)
    response = download(client, org_a)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    own = {str(s.translation_key) for s in ServicePage.objects.child_of(org_a)}
    assert rows and {row["service_id"] for row in rows} == own
    assert {row["organisation_name"] for row in rows} == {org_a.title}
    assert download(client, org_b).status_code == 403
    client.force_login(partner_b)
    assert download(client, org_a).status_code == 403
    assert download(client, org_b).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client, partners):
    org_a = partners[0]
    response = download(client, org_a)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_download_imports_again_unchanged(client, partners):
    org_a = partners[0]
    client.force_login(partners[2])
    text = download(client, org_a).content.decode("utf-8-sig")
    revisions = Revision.objects.count()
    summary, _where = import_csv(text)
    assert summary.created == 0 and summary.updated == 0
    assert summary.unchanged == 1 + ServicePage.objects.child_of(org_a).count()
    assert Revision.objects.count() == revisions
    # An edit in the sheet becomes a draft of that one service.
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0]["hours"] = "Mo,We 10:00-12:00"
    summary, _where = import_csv(rows_text(rows))
    assert summary.updated == 1
    service = ServicePage.objects.get(
        translation_key=rows[0]["service_id"], locale__language_code="el"
    )
    draft = service.get_latest_revision_as_object()
    link = list(draft.service_locations.all())[0]
    assert [child["value"]["days"] for child in link.opening_hours.raw_data] == [["0", "2"]]


def test_a_confidential_location_download_keeps_its_address_for_its_own_partner(client):
    shelter = OrganisationPage.objects.get(slug="shelter-chania", locale__language_code="el")
    partner, _ = invite_partner(shelter, "shelter@partners.example")
    client.force_login(partner)
    rows = list(csv.DictReader(io.StringIO(download(client, shelter).content.decode("utf-8-sig"))))
    location = OrganisationLocation.objects.get(organisation=shelter)
    assert {row["location_kind"] for row in rows} == {"confidential"}
    assert {row["postcode"] for row in rows} == {location.postcode}


def test_cells_a_spreadsheet_would_run_are_guarded_and_read_back():
    from directory.hsds.csv_format import guarded, unguarded

    for value in ('=HYPERLINK("http://evil")', "+30 2310 000000", "-5", "@SUM(A1)"):
        assert guarded(value).startswith("'")
        assert unguarded(guarded(value)) == value
    assert guarded("Κέντρο") == "Κέντρο"
    assert unguarded("'quoted") == "'quoted"
