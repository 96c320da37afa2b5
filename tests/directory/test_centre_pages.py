"""What a resident sees on the home page, the centres index and a centre page."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Branch, BranchKind, CentrePage

pytestmark = pytest.mark.django_db

MONDAY_MORNING = (2026, 11, 23, 9, 0)
SUNDAY_NOON = (2026, 11, 22, 12, 0)
EASTER_MONDAY = (2026, 4, 13, 10, 0)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    body = re.sub(r"<script.*?</script>", " ", html(response), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


class TestHomeAndIndex:
    def test_greek_home_is_the_default(self, client):
        page = html(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
        assert '<html lang="el">' in page
        assert "Κέντρα Κοινότητας" in page

    def test_english_home_under_en(self, client):
        page = html(client.get("/en/"))
        assert '<html lang="en">' in page
        assert "Community Centres" in page

    def test_demo_notice_on_every_page(self, client):
        for url in ("/", "/en/", "/kentra/", "/kentra/paionia/"):
            assert "demo-notice" in html(client.get(url)), url

    def test_index_lists_every_centre_with_status(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        page = text(client.get("/kentra/"))
        for name in (
            "Παιονίας",
            "Χανίων",
            "Ξάνθης",
            "Αβδήρων",
            "Τοπείρου",
            "Σαμοθράκης",
            "Μαρωνείας-Σαπών",
            "Ερμιονίδας",
            "Ηρακλείου",
        ):
            assert f"Κέντρο Κοινότητας Δήμου {name}" in page
        assert page.count("Ανοιχτό έως") == 9

    def test_index_in_english(self, client, freeze_now):
        freeze_now(*SUNDAY_NOON)
        page = text(client.get("/en/kentra/"))
        assert "Paionia" in page
        assert "Closed — opens tomorrow 07:30" in page


class TestPaioniaPage:
    URL = "/kentra/paionia/"

    def test_open_on_monday_morning(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        page = text(client.get(self.URL))
        assert "Ανοιχτό έως 15:30" in page
        assert "Πλατεία Παύλου Μελά 1, Αξιούπολη" in page

    def test_closed_on_sunday_says_when_it_opens(self, client, freeze_now):
        freeze_now(*SUNDAY_NOON)
        assert "Κλειστό — ανοίγει αύριο 07:30" in text(client.get(self.URL))

    def test_easter_monday(self, client, freeze_now):
        freeze_now(*EASTER_MONDAY)
        page = text(client.get(self.URL))
        assert "Κλειστό σήμερα: Δευτέρα του Πάσχα" in page
        english = text(client.get("/en/kentra/paionia/"))
        assert "Closed today: Easter Monday" in english

    def test_english_page(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        page = text(client.get("/en/kentra/paionia/"))
        assert "Open until 15:30" in page
        assert "Paionia" in page

    def test_phones_and_email_are_links(self, client):
        page = html(client.get(self.URL))
        assert 'href="tel:+302343033151"' in page
        assert 'href="tel:+302343033154"' in page
        assert 'href="mailto:' in page

    def test_directions_link_to_openstreetmap(self, client):
        page = html(client.get(self.URL))
        assert "https://www.openstreetmap.org/directions?route=%3B41.00080%2C22.54370" in page

    def test_week_table_marks_today(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        page = html(client.get(self.URL))
        today_row = re.search(
            r'<tr class="hours-table__today" aria-current="date">(.*?)</tr>', page, re.S
        )
        assert today_row and "23/11" in today_row.group(1) and "07:30–15:30" in today_row.group(1)

    def test_upcoming_closure_is_listed(self, client, paionia):
        branch = paionia.branches.get(kind=BranchKind.MAIN)
        closure = branch.hours_exceptions[0].value
        page = text(client.get(self.URL))
        assert closure["reason"] in page

    def test_staff_listed_by_role(self, client, paionia):
        page = text(client.get(self.URL))
        for contact in paionia.staff_contacts.all():
            assert contact.role in page

    def test_json_ld_government_office(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        page = html(client.get(self.URL))
        raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        data = json.loads(raw)
        assert data["@type"] == "GovernmentOffice"
        assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 41.0008, "longitude": 22.5437}
        spec = data["openingHoursSpecification"][0]
        assert (spec["opens"], spec["closes"]) == ("07:30", "15:30")
        assert len(spec["dayOfWeek"]) == 5
        assert data["telephone"] == "2343033151"

    def test_last_verified_and_services(self, client, paionia):
        page = html(client.get(self.URL))
        assert paionia.last_verified.isoformat() in page
        assert "service-group" in page


class TestMobileUnit:
    def test_heraklion_shows_the_mobile_unit_timetable(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        centre = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
        mobile = centre.branches.get(kind=BranchKind.MOBILE)
        page = text(client.get(centre.url))
        assert len(mobile.stops) >= 3
        for stop in mobile.stops:
            assert stop.value["place"] in page
        assert "του μήνα" in page  # a monthly rule, e.g. the 2nd Thursday


class TestLanguages:
    def test_switcher_leads_to_the_same_page(self, client):
        page = html(client.get("/kentra/paionia/"))
        assert 'href="/en/kentra/paionia/" hreflang="en" lang="en"' in page
        english = html(client.get("/en/kentra/paionia/"))
        assert 'href="/kentra/paionia/" hreflang="el" lang="el"' in english

    def test_hreflang_alternates(self, client):
        page = html(client.get("/kentra/paionia/"))
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', page)
        )
        assert alternates["el"].endswith("/kentra/paionia/")
        assert alternates["en"].endswith("/en/kentra/paionia/")

    def test_untranslated_page_says_so(self, client):
        index = CentrePage.objects.get(slug="paionia", locale__language_code="el").get_parent()
        lonely = CentrePage(
            title="Κέντρο Κοινότητας Δοκιμής",
            slug="dokimi",
            municipality="Δήμος Δοκιμής",
            region="Αττική",
            summary="Μόνο στα ελληνικά.",
        )
        index.add_child(instance=lonely)
        lonely.save_revision().publish()
        page = html(client.get("/kentra/dokimi/"))
        assert 'class="language-switcher__note"' in page
        assert 'href="/en/"' in page  # falls back to the English home page
        assert 'hreflang="en" href' not in page  # no alternate for a missing translation


class TestQueryCount:
    def add_branches(self, centre, count):
        for number in range(count):
            Branch.objects.create(
                centre=centre,
                locale=centre.locale,
                kind=BranchKind.OTHER,
                name=f"Παράρτημα {number}",
                street_address="Οδός 1",
                postcode="61200",
                latitude=41.0,
                longitude=22.5,
                phone="2343000000",
                opening_hours=[
                    ("session", {"days": ["0", "1"], "opens": "09:00", "closes": "13:00"})
                ],
            )

    def queries(self, client, url) -> int:
        client.get(url)  # warm per-process caches (site root, locales)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def test_centre_page_queries_do_not_grow_with_branches(self, client, paionia):
        before = self.queries(client, paionia.url)
        self.add_branches(paionia, 5)
        after = self.queries(client, paionia.url)
        assert after == before
        # Base page, hours, partners, plus latest announcements, funding notices,
        # alerts, the closures alerts announce, and footer links: each a fixed number of queries.
        # Two more open and close the request's transaction (ATOMIC_REQUESTS). The
        # header, menu and footer share one home page lookup, the language switcher and the
        # hreflang links one translations lookup. This is with the shared fragments off
        # (tests/core/test_fragments.py counts them on).
        assert before <= 34, f"the centre page makes {before} queries"

    def test_index_queries_do_not_grow_with_branches(self, client, paionia):
        before = self.queries(client, "/kentra/")
        self.add_branches(paionia, 5)
        assert self.queries(client, "/kentra/") == before


class TestErrors:
    def test_unknown_page_is_a_greek_404(self, client):
        response = client.get("/kentra/den-yparxei/")
        assert response.status_code == 404
        assert '<html lang="el">' in response.content.decode()

    def test_search_finds_a_centre(self, client):
        page = text(client.get("/search/", {"q": "Παιονίας"}))
        assert "Κέντρο Κοινότητας Δήμου Παιονίας" in page

    def test_search_with_a_bad_page_number_is_not_an_error(self, client):
        assert client.get("/search/", {"q": "Κέντρο", "page": "x"}).status_code == 200
