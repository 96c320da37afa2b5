"""Search analytics without tracking: anonymous per-day counts of folded
queries, the editors' reports over them, promoted results, and retention."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from directory.models import CentrePage, OrganisationPage
from directory.partner_access import invite_partner
from home.roles import COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF
from search import analytics
from search.models import SearchPromotion, SearchQueryDay

pytestmark = pytest.mark.django_db

REPORTS = ["search_reports_top", "search_reports_zero"]


def rows():
    return list(
        SearchQueryDay.objects.order_by("day", "language", "query").values(
            "day", "language", "query", "searches", "zero_results", "last_result_count"
        )
    )


# --- recording -----------------------------------------------------------------------------


def test_searches_are_counted_per_day_and_language_under_the_folded_query(freeze_now):
    freeze_now(2026, 3, 2, 23, 30)  # late evening in Athens: still the 2nd there
    analytics.record("Κέντρο Κοινότητας", 3, "el")
    analytics.record("  κεντρο   ΚΟΙΝΟΤΗΤΑΣ!", 0, "el")
    analytics.record("ΚΈΝΤΡΟ ΚΟΙΝΌΤΗΤΑΣ", 2, "el")
    analytics.record("Κέντρο Κοινότητας", 1, "en")
    freeze_now(2026, 3, 3, 0, 30)
    analytics.record("κέντρο κοινότητας", 0, "el")

    day_one, day_two = timezone.localdate() - timedelta(days=1), timezone.localdate()
    assert rows() == [
        {
            "day": day_one,
            "language": "el",
            "query": "κεντρο κοινοτητασ",
            "searches": 3,
            "zero_results": 1,
            "last_result_count": 2,
        },
        {
            "day": day_one,
            "language": "en",
            "query": "κεντρο κοινοτητασ",
            "searches": 1,
            "zero_results": 0,
            "last_result_count": 1,
        },
        {
            "day": day_two,
            "language": "el",
            "query": "κεντρο κοινοτητασ",
            "searches": 1,
            "zero_results": 1,
            "last_result_count": 0,
        },
    ]


def test_long_queries_are_cut_and_empty_ones_or_unknown_languages_ignored():
    analytics.record("ψ" * 500, 1, "el")
    analytics.record("", 0, "el")
    analytics.record(" ?!* ", 0, "el")
    analytics.record("σίτιση", 0, "xx")
    analytics.record("food", 0, "en-gb")  # a variant of a site language counts as that language
    stored = {(row["language"], row["query"]) for row in rows()}
    assert stored == {("el", "ψ" * 100), ("en", "food")}


def test_the_log_has_no_field_that_could_identify_a_person():
    fields = {field.name for field in SearchQueryDay._meta.get_fields()}
    assert fields == {
        "id",
        "day",
        "language",
        "query",
        "searches",
        "zero_results",
        "last_result_count",
    }
    for word in ("ip", "addr", "user", "session", "cookie", "agent", "referer", "time"):
        assert not any(word in name for name in fields - {"id"}), word


@pytest.mark.parametrize(
    "query",
    [
        "maria.papadopoulou@example.gr",
        "giorgos@gmail",
        "τηλ 6912345678",
        "210 123 4567",
        "+30 210-1234567",
        "ΑΜΚΑ 01018012345",
        "αφμ 123456789",
        "ταυτότητα ΑΒ 123456",
        "γεννήθηκα 12/03/1984",
    ],
)
def test_queries_that_look_like_personal_data_are_not_recorded(query):
    assert analytics.looks_personal(query)
    analytics.record(query, 0, "el")
    assert not SearchQueryDay.objects.exists()


@pytest.mark.parametrize("query", ["ΤΚ 54622", "546 22 Θεσσαλονίκη", "ΚΑΠΗ 2", "28ης Οκτωβρίου"])
def test_postcodes_and_short_numbers_are_kept(query):
    assert not analytics.looks_personal(query)
    analytics.record(query, 1, "el")
    assert SearchQueryDay.objects.count() == 1


def test_a_database_error_is_logged_and_never_raised(monkeypatch, caplog):
    # A real error from the database (a missing table), inside the test's transaction.
    monkeypatch.setattr(SearchQueryDay._meta, "db_table", "no_such_search_log")
    analytics.record("σίτιση", 0, "el")
    assert "Could not record a search" in caplog.text
    monkeypatch.undo()
    # The savepoint kept the surrounding transaction usable (PostgreSQL would refuse otherwise).
    analytics.record("σίτιση", 0, "el")
    assert SearchQueryDay.objects.get().searches == 1


def test_any_database_error_is_swallowed(monkeypatch):
    def broken(*args):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(analytics, "_upsert", broken)
    monkeypatch.setattr(analytics, "_update_or_insert", broken)
    assert analytics.record("σίτιση", 0, "el") is None


def statements(captured) -> int:
    """Queries that are not savepoints (the test itself runs inside a transaction)."""
    return sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
        for query in captured.captured_queries
    )


def test_recording_is_one_upsert_whether_the_row_exists_or_not():
    counts = []
    for query in ("σίτιση", "σίτιση", "ψυχολόγος", "σίτιση"):
        with CaptureQueriesContext(connection) as captured:
            analytics.record(query, 0, "el")
        counts.append((len(captured), statements(captured)))
    assert set(counts) == {(3, 1)}, counts  # one statement, inside a savepoint here
    assert SearchQueryDay.objects.get(query="σιτιση").searches == 3


def test_the_portable_path_is_at_most_an_update_and_an_insert(monkeypatch):
    monkeypatch.setattr(analytics, "UPSERT_VENDORS", frozenset())
    counts = []
    for query in ("σίτιση", "σίτιση", "ψυχολόγος", "σίτιση"):
        with CaptureQueriesContext(connection) as captured:
            analytics.record(query, 0, "el")
        counts.append(statements(captured))
    assert counts == [2, 1, 2, 1]
    assert SearchQueryDay.objects.get(query="σιτιση").searches == 3


def test_the_portable_path_survives_a_concurrent_first_search(monkeypatch):
    """Another request inserts the same (day, language, query) between our UPDATE and INSERT:
    the unique constraint refuses our insert and the row is incremented instead."""
    monkeypatch.setattr(analytics, "UPSERT_VENDORS", frozenset())
    original_update = QuerySet.update
    calls = []

    def update_while_a_rival_inserts(queryset, **changes):
        calls.append(changes)
        if len(calls) == 1:  # our UPDATE finds nothing; the rival's INSERT lands just after
            SearchQueryDay.objects.create(
                day=timezone.localdate(), language="el", query="σιτιση", searches=1, zero_results=1
            )
            return 0
        return original_update(queryset, **changes)

    monkeypatch.setattr(QuerySet, "update", update_while_a_rival_inserts)
    analytics.record("σίτιση", 0, "el")
    row = SearchQueryDay.objects.get()
    assert (row.searches, row.zero_results) == (2, 2)


# --- reports -------------------------------------------------------------------------------


@pytest.fixture
def people():
    User = get_user_model()
    writer = User.objects.create_user("writer", password="x")
    chief = User.objects.create_user("chief", password="x")
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS_STAFF))
    chief.groups.add(Group.objects.get(name=EDITORS_IN_CHIEF))
    organisation = OrganisationPage.objects.get(slug="ngo-heraklion", locale__language_code="el")
    partner, _ = invite_partner(organisation, "partner@partners.example")
    root = User.objects.create_superuser("root", password="x")
    return {"writer": writer, "chief": chief, "partner": partner, "root": root}


@pytest.fixture
def searches(freeze_now):
    """A month of searches, plus one from long ago."""
    now = freeze_now(2026, 5, 20, 12, 0)
    for query, count, times in [
        ("ψυχολόγος", 4, 5),
        ("σίτιση", 0, 3),
        ("νομική βοήθεια", 2, 2),
    ]:
        for _ in range(times):
            analytics.record(query, count, "el")
    analytics.record("food bank", 0, "en")
    analytics.record("νομική βοήθεια", 0, "el")  # once without results, out of three
    SearchQueryDay.objects.create(
        day=now.date() - timedelta(days=60), language="el", query="παλιο", searches=9
    )
    return now


@pytest.mark.parametrize("name", REPORTS)
def test_reports_are_refused_to_visitors_and_partners(client, people, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(people["partner"])
    response = client.get(url)
    assert response.status_code == 403
    assert "wagtailadmin/permission_denied.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("who", ["writer", "chief", "root"])
def test_reports_open_to_communications_staff_and_editors_in_chief(client, people, who):
    client.force_login(people[who])
    for name in REPORTS:
        assert client.get(reverse(name)).status_code == 200
        assert client.get(reverse(f"{name}_results")).status_code == 200
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("search_reports_top") in menu
    assert reverse("search_reports_zero") in menu


def test_the_menu_hides_the_reports_from_partners(client, people):
    client.force_login(people["partner"])
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("search_reports_top") not in menu


def listed(response) -> list[tuple[str, str, int]]:
    return [
        (row["query"], row["language"], row["total_searches"])
        for row in response.context["object_list"]
    ]


def test_top_searches_in_order_with_counts_and_links(client, people, searches):
    client.force_login(people["writer"])
    response = client.get(reverse("search_reports_top"))
    assert listed(response) == [
        ("ψυχολογοσ", "el", 5),
        ("νομικη βοηθεια", "el", 3),
        ("σιτιση", "el", 3),
        ("food bank", "en", 1),
    ]
    html = response.content.decode()
    assert 'href="/search/?q=%CF%88%CF%85%CF%87%CE%BF%CE%BB%CE%BF%CE%B3%CE%BF%CF%83"' in html
    assert 'href="/en/search/?q=food+bank"' in html
    assert f'href="{reverse("search_promotions:add")}?query=food+bank"' in html
    # last_result_count is what the latest search found
    legal = next(r for r in response.context["object_list"] if r["query"] == "νομικη βοηθεια")
    assert (legal["total_zero_results"], legal["last_result_count"]) == (1, 0)


def test_the_period_and_language_can_be_chosen(client, people, searches):
    client.force_login(people["chief"])
    assert ("παλιο", "el", 9) not in listed(client.get(reverse("search_reports_top")))
    ninety = listed(client.get(reverse("search_reports_top"), {"period": "90"}))
    assert ("παλιο", "el", 9) in ninety
    english = listed(client.get(reverse("search_reports_top"), {"language": "en"}))
    assert english == [("food bank", "en", 1)]
    # an unknown period falls back to 30 days rather than failing
    assert client.get(reverse("search_reports_top"), {"period": "1000"}).status_code == 200


def test_the_zero_result_report_lists_only_queries_that_found_nothing(client, people, searches):
    client.force_login(people["writer"])
    response = client.get(reverse("search_reports_zero"))
    queries = [row["query"] for row in response.context["object_list"]]
    assert queries == ["σιτιση", "food bank", "νομικη βοηθεια"]
    assert "ψυχολογοσ" not in response.content.decode()
    assert all(row["total_zero_results"] > 0 for row in response.context["object_list"])


def test_the_report_can_be_exported(client, people, searches):
    client.force_login(people["writer"])
    response = client.get(reverse("search_reports_zero"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "σιτιση" in text
    assert "ψυχολογοσ" not in text


# --- promoted results ----------------------------------------------------------------------


@pytest.fixture
def chania():
    return CentrePage.objects.get(slug="chania", locale__language_code="el")


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


def test_a_promotion_matches_the_query_however_it_is_typed(chania):
    SearchPromotion.objects.create(query="Κέντρο Κοινότητας", page=chania, description="Δίπλα")
    assert SearchPromotion.objects.get().query == "κεντρο κοινοτητασ"
    for typed in ("κεντρο κοινοτητας", "ΚΈΝΤΡΟ ΚΟΙΝΌΤΗΤΑΣ", "kentro koinotitas"):
        found = analytics.promotions(typed, "el")
        assert [item["page"].pk for item in found] == [chania.pk], typed
    assert found[0]["title"] == chania.title
    assert found[0]["url"] == chania.url
    assert found[0]["description"] == "Δίπλα"
    assert analytics.promotions("κεντρο", "el") == []
    assert analytics.promotions("", "el") == []


def test_readers_of_another_language_get_the_translation(chania):
    SearchPromotion.objects.create(query="κέντρο κοινότητας", page=chania, description="Δίπλα")
    found = analytics.promotions("Κέντρο Κοινότητας", "en")
    translation = english(chania)
    assert [item["page"].pk for item in found] == [translation.pk]
    assert found[0]["description"] == translation.search_description  # not the Greek text


def test_untranslated_unpublished_and_private_pages_are_never_promoted(chania):
    heraklion = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
    paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
    for order, page in enumerate((chania, heraklion, paionia)):
        SearchPromotion.objects.create(query="κεντρα", page=page, sort_order=order)
    assert [i["page"].pk for i in analytics.promotions("κέντρα", "el")] == [
        chania.pk,
        heraklion.pk,
        paionia.pk,
    ]

    heraklion.unpublish()
    PageViewRestriction.objects.create(page=paionia, restriction_type="login")
    assert [i["page"].pk for i in analytics.promotions("κέντρα", "el")] == [chania.pk]

    # Only an untranslated alias on the English site: nothing for it there.
    english(chania).delete()
    alias = chania.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    SearchPromotion.objects.exclude(page=chania).delete()
    assert alias.pk
    assert analytics.promotions("κέντρα", "en") == []
    assert analytics.promotions("κέντρα", "xx") == []


def test_editors_add_a_promotion_from_a_report_row(client, people, chania):
    client.force_login(people["writer"])
    add = reverse("search_promotions:add")
    form = client.get(add, {"query": "Σίτιση"})
    assert form.status_code == 200
    assert form.context["form"].initial["query"] == "σιτιση"
    response = client.post(
        add, {"query": "Σίτιση Δήμου", "page": chania.pk, "sort_order": 0, "description": ""}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert SearchPromotion.objects.get().query == "σιτιση δημου"
    # The same page for the same query, typed differently, is a duplicate, not a 500.
    again = client.post(
        add, {"query": "ΣΙΤΙΣΗ ΔΗΜΟΥ", "page": chania.pk, "sort_order": 1, "description": ""}
    )
    assert again.status_code == 200
    assert again.context["form"].errors
    assert SearchPromotion.objects.count() == 1


def test_partners_cannot_manage_promotions(client, people):
    client.force_login(people["partner"])
    assert client.get(reverse("search_promotions:index")).status_code == 403


# --- retention -----------------------------------------------------------------------------


def test_prune_removes_days_older_than_the_retention(freeze_now):
    today = freeze_now(2026, 5, 20, 12, 0).date()
    for age in (0, 100, 365, 366, 800):
        SearchQueryDay.objects.create(
            day=today - timedelta(days=age), language="el", query=f"q{age}", searches=1
        )
    assert analytics.prune() == 2
    assert sorted(SearchQueryDay.objects.values_list("query", flat=True)) == [
        "q0",
        "q100",
        "q365",
    ]
    call_command("prune_search_log", "--days", "30", verbosity=0)
    assert list(SearchQueryDay.objects.values_list("query", flat=True)) == ["q0"]
