"""Shared fixtures: the demo content is loaded once into the test database, and each test runs
in a transaction that is rolled back, so tests see the same centres a fresh ``make run`` shows."""

from datetime import datetime

import pytest
from django.core.management import call_command

from directory.hours import ATHENS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """The database is rolled back after each test; the cache must be too."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (Greek), whatever the test before it
    activated, so a test's result never depends on the order the suite runs in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def freeze_now(monkeypatch):
    """Set what the site believes "now" is, as Athens wall-clock time."""

    def freeze(*args):
        moment = datetime(*args, tzinfo=ATHENS)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def paionia(db):
    from directory.models import CentrePage

    return CentrePage.objects.get(slug="paionia", locale__language_code="el")
