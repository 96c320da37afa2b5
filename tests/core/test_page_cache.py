"""The anonymous page cache (core/page_cache.py): fast for everyone who is not signed in,
and never a draft, a preview, another language, a signed-in view or a stale publish."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from home.models import AlertLevel, SiteAlert

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield


def centre(language="el"):
    return Page.objects.get(slug="chania", locale__language_code=language).specific


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache(
    client, django_assert_max_num_queries
):
    url = centre().url
    first = client.get(url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_conditional_request_gets_304(client):
    url = centre().url
    etag = client.get(url)["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content


def test_each_language_has_its_own_page(client):
    greek, english = centre("el"), centre("en")
    assert greek.url != english.url
    client.get(greek.url)
    served = client.get(english.url)
    assert served["X-Cache"] == "miss"
    assert served["Content-Language"] == "en"
    assert english.title in served.content.decode()


def test_publishing_any_page_drops_every_cached_page(client):
    chania, english = centre(), centre("en")
    client.get(chania.url)
    client.get(english.url)
    client.get("/")
    chania.title = "Κέντρο Κοινότητας Δήμου Χανίων (νέο ωράριο)"
    chania.save_revision().publish()
    page = client.get(chania.url)
    assert page["X-Cache"] == "miss" and "νέο ωράριο" in page.content.decode()
    assert client.get(english.url)["X-Cache"] == "miss"  # every language
    assert client.get("/")["X-Cache"] == "miss"  # and the listings


def test_unpublishing_removes_the_page_at_once(client):
    chania = centre()
    assert client.get(chania.url).status_code == 200
    chania.unpublish()
    assert client.get(chania.url).status_code == 404


def test_a_page_made_private_leaves_the_cache_at_once(client):
    """Privacy is set on a live page without publishing it: that must empty the cache too."""
    from wagtail.models import PageViewRestriction

    chania = centre()
    assert client.get(chania.url)["X-Cache"] == "miss"
    PageViewRestriction.objects.create(page=chania, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(chania.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_draft_is_never_served_to_visitors(client):
    chania = centre()
    client.get(chania.url)
    chania.title = "ΠΡΟΧΕΙΡΟ που δεν δημοσιεύτηκε"
    chania.save_revision()  # a draft only
    assert "ΠΡΟΧΕΙΡΟ" not in client.get(chania.url).content.decode()


def test_a_signed_in_editor_is_never_served_or_stored(client, admin_user):
    url = centre().url
    client.force_login(admin_user)
    editor_view = client.get(url)
    assert "X-Cache" not in editor_view
    client.logout()
    visitor_view = client.get(url)
    assert visitor_view["X-Cache"] == "miss"
    assert b"wagtail-userbar" not in visitor_view.content


def test_a_saved_alert_reaches_cached_pages_at_once(client):
    from wagtail.models import Locale

    client.get("/")
    SiteAlert.objects.create(
        locale=Locale.objects.get(language_code="el"),
        level=AlertLevel.WARNING,
        message="Αλλαγή ωραρίου λόγω απεργίας.",
    )
    assert "Αλλαγή ωραρίου" in client.get("/").content.decode()


def test_a_dismissed_alert_stays_dismissed_for_that_reader_only(client):
    from django.test import Client
    from wagtail.models import Locale

    shown = SiteAlert.objects.create(
        locale=Locale.objects.get(language_code="el"),
        level=AlertLevel.WARNING,
        message="Νέα τηλέφωνα επικοινωνίας.",
    )
    assert "Νέα τηλέφωνα" in client.get("/").content.decode()
    client.get(f"/alerts/dismiss/{shown.dismiss_key}/?next=/")
    assert "Νέα τηλέφωνα" not in client.get("/").content.decode()
    assert "Νέα τηλέφωνα" in Client().get("/").content.decode()


def test_the_search_page_is_not_kept_so_every_search_is_counted(client):
    from search.models import SearchQueryDay

    client.get("/search/?q=ψυχολόγος")
    client.get("/search/?q=ψυχολόγος")
    assert sum(SearchQueryDay.objects.values_list("searches", flat=True)) == 2
