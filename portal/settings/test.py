"""Fast and hermetic settings for the test suite.

MD5 hashing, plain static storage, a local-memory cache and the database search backend, so the
suite never needs a network service other than the database it is pointed at.
"""

import os
import tempfile

from portal.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per test run (its subprocesses inherit it): two runs side by side never move each
# other's generations.
GENERATIONS_DIR = Path(  # noqa: F405
    os.environ.setdefault("GENERATIONS_DIR", tempfile.mkdtemp(prefix="koinotita-test-gen-"))
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},  # as base.py: the search's per-word counts
    }
}
# The database backend stems with PostgreSQL's `greek` text-search configuration, not the
# server's default (SQLite has no configurations and ignores it); docs/decisions/0008.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "greek"},
    "terms": {"BACKEND": "search.terms"},
}
# The fuzz test sends thousands of requests from one address; the rate-limit test lowers this.
HSDS_RATE_LIMIT = (1_000_000, 60)
# The anonymous page cache is off for the suite, whose tests move the clock and publish
# between two requests of one URL; tests/core/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# The same goes for the shared fragments (core/fragments.py): tests/core/test_fragments.py
# turns them on.
FRAGMENT_CACHE_SECONDS = 0
# Sign-in security: most tests sign in with force_login, which has no second factor; the
# sign-in tests (tests/signin) turn the requirement on themselves.
KOINOTITA_REQUIRE_2FA = False
