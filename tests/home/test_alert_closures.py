"""An alert tied to a centre can close it on given days: the closure shows
wherever the centre's hours do — its page, the centres index, the finder and the HSDS
schedules — with the alert's message as the reason, without editing the centre page."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from directory.hours import ATHENS
from directory.models import CentrePage
from home.models import AlertLevel, SiteAlert

pytestmark = pytest.mark.django_db

MONDAY = (2027, 3, 8, 9, 0)  # an ordinary Monday; Chania's main office opens 08:00–15:00
CLOSED_DAY = date(2027, 3, 10)  # the Wednesday after
MESSAGE = "Το Κέντρο Κοινότητας Χανίων είναι κλειστό λόγω απολύμανσης."


@pytest.fixture
def chania():
    return CentrePage.objects.get(slug="chania", locale__language_code="el")


def closure_alert(centres, first=CLOSED_DAY, last=None, message=MESSAGE, **fields):
    fields.setdefault("starts_at", datetime(2027, 3, 1, tzinfo=ATHENS))
    made = SiteAlert.objects.create(
        locale=Locale.objects.get(language_code="el"),
        level=AlertLevel.WARNING,
        message=message,
        closed_from=first,
        closed_until=last,
        **fields,
    )
    made.centres.set(centres)
    made.save()
    return made


def test_the_centre_page_lists_the_closure_and_is_closed_that_day(client, chania, freeze_now):
    closure_alert([chania])
    freeze_now(*MONDAY)
    page = client.get(chania.url).content.decode()
    assert "Τετάρτη 10 Μαρτίου: κλειστό — " + MESSAGE in page
    freeze_now(2027, 3, 10, 10, 0)
    page = client.get(chania.url).content.decode()
    # The centre's status, then each branch's (main office, Roma annex); partners follow.
    statuses = [part[:6] for part in page.split('class="status status--')[1:4]]
    assert statuses == ["closed"] * 3


def test_a_closure_over_several_days_and_only_for_its_centre(client, chania, paionia, freeze_now):
    closure_alert([chania], first=date(2027, 3, 9), last=date(2027, 3, 11))
    freeze_now(*MONDAY)
    page = client.get(chania.url).content.decode()
    for day in ("Τρίτη 9 Μαρτίου", "Τετάρτη 10 Μαρτίου", "Πέμπτη 11 Μαρτίου"):
        assert f"{day}: κλειστό — {MESSAGE}" in page, day
    assert MESSAGE not in client.get(paionia.url).content.decode()


def test_the_closure_applies_to_every_branch_and_the_finder(client, chania, freeze_now):
    closure_alert([chania])
    freeze_now(2027, 3, 10, 10, 0)
    answer = client.get("/api/finder/", {"q": "Χανιά"}).json()
    chania_results = [r for r in answer["results"] if r["centre_url"].endswith(chania.url)]
    assert {r["kind"] for r in chania_results} >= {"main", "roma"}
    assert not any(r["is_open"] for r in chania_results if r["kind"] != "stop")
    freeze_now(2027, 3, 9, 10, 0)
    answer = client.get("/api/finder/", {"q": "Χανιά"}).json()
    assert any(r["is_open"] for r in answer["results"] if r["centre_url"].endswith(chania.url))


def test_the_centres_index_shows_it_closed(client, chania, freeze_now):
    closure_alert([chania])
    freeze_now(2027, 3, 10, 10, 0)
    rows = client.get("/kentra/").content.decode().split("<li")
    chania_row = next(row for row in rows if chania.url in row)
    assert "Κλειστό" in chania_row


def test_hsds_schedules_carry_the_closure(client, chania, freeze_now):
    closure_alert([chania])
    freeze_now(*MONDAY)
    data = client.get(f"/api/hsds/organizations/{chania.translation_key}").json()
    schedules = [s for location in data["locations"] for s in location.get("schedules", [])]
    closures = [s for s in schedules if s.get("valid_from") == "2027-03-10"]
    assert closures and all(MESSAGE in s["description"] for s in closures)


def test_a_scheduled_alert_does_not_close_the_centre_before_it_starts(client, chania, freeze_now):
    closure_alert([chania], starts_at=datetime(2027, 3, 9, 0, 0, tzinfo=ATHENS))
    freeze_now(*MONDAY)
    assert MESSAGE not in client.get(chania.url).content.decode()


def test_the_closure_outlives_the_banner(client, chania, freeze_now):
    """The banner may stop showing before the day; the day is still closed."""
    closure_alert([chania], ends_at=datetime(2027, 3, 8, 8, 0, tzinfo=ATHENS))
    freeze_now(*MONDAY)
    page = client.get(chania.url).content.decode()
    assert 'class="site-alert' not in page
    assert f"κλειστό — {MESSAGE}" in page


def test_the_english_page_gives_the_english_message_once_translated(client, chania, freeze_now):
    alert = closure_alert([chania])
    english_chania = chania.get_translation(Locale.objects.get(language_code="en"))
    freeze_now(*MONDAY)
    assert MESSAGE in client.get(english_chania.url).content.decode()  # untranslated: Greek
    english = alert.copy_for_translation(Locale.objects.get(language_code="en"))
    english.message = "The Chania Community Centre is closed for disinfection."
    english.save()
    english.centres.set([english_chania])
    english.save()
    page = client.get(english_chania.url).content.decode()
    assert "closed — The Chania Community Centre is closed for disinfection." in page
    assert MESSAGE not in page.split("Changes in the next 14 days")[1]


def test_the_centre_page_asks_one_query_for_closures(client, chania):
    closure_alert([chania])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(chania.url).status_code == 200
        return [q["sql"] for q in queries.captured_queries if "home_sitealert" in q["sql"]]

    # The banner's own query and one for the closures, however many branches there are.
    assert len(count()) == 2


class TestTheAdminForm:
    @pytest.fixture
    def admin_client(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
        client.force_login(user)
        return client

    def post(self, admin_client, **fields):
        data = {
            "level": "warning",
            "message": "Κλειστό",
            "link_url": "",
            "link_text": "",
            "starts_at": "2027-03-01 09:00",
            "ends_at": "",
            "closed_from": "",
            "closed_until": "",
            "locale": Locale.objects.get(language_code="el").pk,
        } | fields
        return admin_client.post(reverse("wagtailsnippets_home_sitealert:add"), data)

    def test_dates_without_centres_are_refused_clearly(self, admin_client):
        response = self.post(admin_client, closed_from="2027-03-10")
        assert response.status_code == 200
        assert "Choose the centres that are closed" in str(
            response.context["form"].errors["centres"]
        ) or "Επιλέξτε τα κέντρα" in str(response.context["form"].errors["centres"])
        assert not SiteAlert.objects.filter(message="Κλειστό").exists()

    def test_the_last_day_cannot_come_first(self, admin_client, chania):
        response = self.post(
            admin_client,
            closed_from="2027-03-10",
            closed_until="2027-03-09",
            centres=[chania.pk],
        )
        assert response.status_code == 200
        assert "closed_until" in response.context["form"].errors
        assert not SiteAlert.objects.filter(message="Κλειστό").exists()

    def test_a_good_closure_is_saved_with_its_centre(self, admin_client, chania):
        response = self.post(admin_client, closed_from="2027-03-10", centres=[chania.pk])
        assert response.status_code == 302, response.context["form"].errors
        saved = SiteAlert.objects.get(message="Κλειστό")
        assert saved.closed_from == CLOSED_DAY
        assert list(saved.centres.all()) == [chania]


def test_end_of_closure_is_optional_and_means_one_day(chania, freeze_now):
    closure_alert([chania])
    freeze_now(*MONDAY)
    from directory import closures

    found = closures.by_centre_key([chania.translation_key])[chania.translation_key]
    assert [(e.start, e.end, e.closed) for e in found] == [(CLOSED_DAY, CLOSED_DAY, True)]
