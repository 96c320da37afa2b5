"""Shared fragments (core/fragments.py): a page the page cache does not hold reuses what
other pages already worked out (menu, footer, a centre's partners, announcements, funding,
the directory's cards), yet never shows anything a publish has changed, another language's
fragment, a page made private, or an "open now" frozen at the time it was kept."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from directory.models import OrganisationPage, ServicePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments_on():
    with override_settings(FRAGMENT_CACHE_SECONDS=300):
        yield


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def chania(language="el"):
    return Page.objects.get(slug="chania", locale__language_code=language).specific


def a_partner_of(centre) -> OrganisationPage:
    return centre.partners.first().organisation


def test_a_centre_page_rendered_again_asks_the_database_far_less(client):
    url = chania().url
    client.get(url)  # per-process caches (site root paths, locales)
    without = queries(client, url)
    with override_settings(FRAGMENT_CACHE_SECONDS=300):
        queries(client, url)  # keeps the fragments
        warm = queries(client, url)
    # Partners (5 queries), announcements, funding, menu, footer, home and translations
    # (with their view-restriction lookups) come from the cache.
    assert warm <= without - 12, (without, warm)
    assert warm <= 20, warm


@pytest.mark.usefixtures("fragments_on")
def test_a_published_change_shows_at_once(client):
    centre = chania()
    partner = a_partner_of(centre)
    assert partner.title in client.get(centre.url).content.decode()
    partner.title = "Ξενώνας Φιλοξενίας (νέο όνομα)"
    partner.save_revision().publish()
    assert "Ξενώνας Φιλοξενίας (νέο όνομα)" in client.get(centre.url).content.decode()


@pytest.mark.usefixtures("fragments_on")
def test_open_now_is_worked_out_on_every_request(client, freeze_now):
    centre = chania()
    freeze_now(2026, 11, 25, 11, 0)  # a Wednesday morning: the partners' offices are open
    morning = client.get(centre.url).content.decode()
    freeze_now(2026, 11, 25, 23, 30)  # the same night
    night = client.get(centre.url).content.decode()

    def open_partners(page: str) -> int:
        return page[page.index('id="partners-heading"') :].count("status--open")

    # Some partners keep office hours, others (a helpline) are open day and night.
    assert open_partners(morning) > open_partners(night) > 0


@pytest.mark.usefixtures("fragments_on")
def test_each_language_keeps_its_own(client):
    greek, english = chania("el"), chania("en")
    greek_page = client.get(greek.url).content.decode()
    english_page = client.get(english.url).content.decode()
    menu = Page.objects.get(pk=greek.get_parent().pk)
    assert menu.title in greek_page
    english_menu = menu.get_translation(english.locale)
    assert english_menu.title in english_page
    assert f">{menu.title}</a>" not in english_page


@pytest.mark.usefixtures("fragments_on")
def test_a_partner_made_private_leaves_the_centre_page_at_once(client):
    centre = chania()
    partner = a_partner_of(centre)
    assert partner.title in client.get(centre.url).content.decode()
    PageViewRestriction.objects.create(page=partner, restriction_type="login")
    assert partner.title not in client.get(centre.url).content.decode()


@pytest.mark.usefixtures("fragments_on")
def test_the_directory_cards_follow_a_publish_and_the_clock(client, freeze_now):
    freeze_now(2026, 11, 25, 11, 0)
    first = client.get("/domes/").content.decode()
    service = (
        ServicePage.objects.live().filter(locale__language_code="el").order_by("title").first()
    )
    assert service.title in first
    service.title = "Αα πρώτη υπηρεσία με νέο όνομα"
    service.save_revision().publish()
    renamed = client.get("/domes/").content.decode()
    assert "Αα πρώτη υπηρεσία με νέο όνομα" in renamed
    freeze_now(2026, 11, 25, 23, 30)
    night = client.get("/domes/").content.decode()
    assert renamed.count("status--open") > night.count("status--open")


def test_off_means_computed_every_time(client):
    url = chania().url
    client.get(url)
    assert queries(client, url) == queries(client, url)
    partner = a_partner_of(chania())
    OrganisationPage.objects.filter(pk=partner.pk).update(title="Άλλο όνομα χωρίς δημοσίευση")
    assert "Άλλο όνομα χωρίς δημοσίευση" in client.get(url).content.decode()
