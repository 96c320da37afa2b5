"""Publishing or unpublishing a page purges the caches in front of the portal: the page in
Greek and in English, and the pages that list it, once the change is committed."""

import logging
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Locale

from home.cdn_purge import TimedHTTPBackend
from portal.settings.deployment import frontend_cache_backends
from tests.deploy import recording_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.deploy.recording_cache.RecordingBackend"}
    }
    recording_cache.PURGED.clear()
    yield recording_cache.PURGED
    recording_cache.PURGED.clear()


@pytest.fixture
def english_paionia(paionia):
    return paionia.get_translation(Locale.objects.get(language_code="en"))


def test_publishing_a_greek_centre_purges_it_in_both_languages(
    paionia, english_paionia, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paionia.save_revision().publish()
    assert paionia.get_full_url() in purged
    assert english_paionia.get_full_url() in purged
    assert english_paionia.get_full_url() == paionia.get_full_url().replace(
        "/kentra/", "/en/kentra/"
    )
    # Wagtail's own per-language rewriting (to a /el/ prefix Greek pages do not have) is off.
    assert not [url for url in purged if "/el/" in url]


def test_the_pages_that_list_it_are_purged_in_both_languages(
    paionia, english_paionia, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paionia.save_revision().publish()
    for version in (paionia, english_paionia):
        index = version.get_parent()
        home = index.get_parent()
        assert index.get_full_url() in purged
        assert home.get_full_url() in purged
    assert len(purged) == len(set(purged)) == 6  # the centre, its index, home; ×2 languages


def test_unpublishing_the_english_version_purges_the_greek_one_too(
    paionia, english_paionia, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        english_paionia.unpublish()
    assert english_paionia.get_full_url() in purged
    assert paionia.get_full_url() in purged


def test_nothing_is_purged_before_the_change_is_committed(
    paionia, purged, django_capture_on_commit_callbacks
):
    """Purged earlier, a visitor arriving in between would put the old page back."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        paionia.save_revision().publish()
    assert purged == []
    for callback in callbacks:
        callback()
    assert paionia.get_full_url() in purged


def test_without_a_configured_cache_publishing_purges_nothing(
    paionia, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        paionia.save_revision().publish()
    assert not [c for c in callbacks if getattr(c, "__qualname__", "") == "PurgeBatch.purge"]


def test_the_caches_come_from_the_environment():
    assert frontend_cache_backends({}) == {}
    backends = frontend_cache_backends(
        {
            "FRONTEND_CACHE_PURGE_URL": "http://10.0.0.2:8080, http://10.0.0.3:8080",
            "CLOUDFLARE_ZONE_ID": "zone",
            "CLOUDFLARE_BEARER_TOKEN": "token",
            "CLOUDFRONT_DISTRIBUTION_ID": "E123",
        }
    )
    assert [b["LOCATION"] for name, b in backends.items() if name.startswith("http")] == [
        "http://10.0.0.2:8080",
        "http://10.0.0.3:8080",
    ]
    # Wagtail builds every one of them (no request is sent to build one).
    built = get_backends(backend_settings=backends)
    assert sorted(type(b).__name__ for b in built.values()) == [
        "CloudflareBackend",
        "CloudfrontBackend",
        "TimedHTTPBackend",
        "TimedHTTPBackend",
    ]


def test_cloudflare_without_credentials_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache_backends({"CLOUDFLARE_ZONE_ID": "zone"})


def test_a_cache_that_never_answers_costs_the_editor_its_time_limit_not_the_publication(caplog):
    """A purge listener that accepts the connection and then says nothing (a hung machine)."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        backend = TimedHTTPBackend(
            {"LOCATION": f"http://127.0.0.1:{hung.getsockname()[1]}", "TIMEOUT": "0.2"}
        )
        with caplog.at_level(logging.ERROR, logger="home.cdn_purge"):
            backend.purge("https://portal.example.gr/kentra/paionia/")
    assert "Could not purge https://portal.example.gr/kentra/paionia/" in caplog.text


def test_making_a_page_private_purges_it_its_branch_and_the_pages_above(
    paionia, purged, django_capture_on_commit_callbacks
):
    """A restriction changes who may see the page without a publish; a CDN must not go on
    serving it to anyone for the rest of its max-age."""
    from wagtail.models import PageViewRestriction

    index = paionia.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=index, restriction_type="login")
    for page in (index, paionia, index.get_parent()):
        assert page.get_full_url() in purged
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert paionia.get_full_url() in purged
