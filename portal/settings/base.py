"""Settings shared by every environment.

Production-safe by default: DEBUG is off and secrets come only from the environment.
``dev.py`` and ``test.py`` loosen what they must; ``production.py`` tightens the rest.
"""

import hashlib
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from portal.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "home",
    "directory",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Every middleware, in the order a request meets them (a response meets them in reverse).
# This is the only place the list is written; no other settings module adds to it.
MIDDLEWARE = [
    # First: the visitor's address from X-Forwarded-For, believed from TRUSTED_PROXIES only,
    # before anything reads REMOTE_ADDR or a forwarding header (core/proxy.py).
    "core.proxy.ForwardedClientMiddleware",
    # HTTPS redirect and HSTS before any work is done for a plain-HTTP request.
    "django.middleware.security.SecurityMiddleware",
    # Static files answered here, before sessions, the database or the page cache.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Query-string values without control characters before anything reads them: core/middleware.py.
    "core.middleware.CleanQueryMiddleware",
    # ETags and 304s on the final page, cached or not (WhiteNoise does its own for files).
    "django.middleware.http.ConditionalGetMiddleware",
    # The Content-Security-Policy header, then the headers it does not set, on every answer,
    # cached pages included (portal/settings/headers.py, core/security_headers.py).
    "csp.middleware.CSPMiddleware",
    "core.security_headers.SecurityHeadersMiddleware",
    # Django's documented order: the session before the language, the language before
    # CommonMiddleware (which needs it to resolve a path), all before who asks.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sign-in security (portal/settings/auth.py): the OTP middleware reads the session's
    # verified device, so it follows authentication, and the two-factor gate follows it; the
    # password-reset throttle refuses before the reset view sends mail.
    "django_otp.middleware.OTPMiddleware",
    "signin.middleware.TwoFactorMiddleware",
    "signin.reset_throttle.PasswordResetThrottleMiddleware",
    # Knows who asks (authentication) and in which language (locale): core/page_cache.py.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A storage or database failure during an upload is answered with a message and nothing
    # half-written is kept: after authentication and messages (the answer is an admin page),
    # before the view (home/uploads/faults.py, portal/settings/uploads.py).
    "home.uploads.faults.UploadFaultMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.admin_refusals.IncompleteFormMiddleware",
    # A path argument the database field cannot take is a 404: core/middleware.py.
    "core.middleware.UnusableLookupMiddleware",
    # Last: axes turns a lock-out into its page on the way out (signin/throttling.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (or anything dj-database-url reads).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Each request's writes are one transaction: a request cut short (a database restart, an
# error halfway through a publish) leaves nothing half-written (core/errors.py).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Greek first. More languages are added here and nowhere else.
LANGUAGE_CODE = "el"
LANGUAGES = [
    ("el", _("Greek")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Athens"
# Dates are typed and shown day first in every language (portal/formats); the admin's pickers
# write what the forms read, so a date typed the Greek way is never replaced by today's.
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Deployment beyond one machine (portal/settings/deployment.py, docs/decisions/0011) ---
# Media on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set; documents always
# streamed through Django (its privacy checks), never redirected to their storage URL.
# Publishing purges the caches in front (FRONTEND_CACHE_PURGE_URL, Cloudflare, CloudFront):
# home/cdn_purge.py purges every language version itself, so Wagtail's own rewriting of
# URLs per language (which assumes a /el/ prefix that Greek pages do not have) is off.
# X-Forwarded-For is believed from TRUSTED_PROXIES only (core/proxy.py).
from portal.settings import deployment  # noqa: E402

STORAGES["default"] = deployment.media_storage()
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILFRONTENDCACHE = deployment.frontend_cache_backends()
WAGTAILFRONTENDCACHE_LANGUAGES = []
TRUSTED_PROXIES = deployment.trusted_proxies()
# --- end of deployment ---

WAGTAIL_SITE_NAME = "Koinotita"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILEMBEDS_FINDERS = []  # embeds are off by default: no request leaves for a third party
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # editors' e-mail hashes are not sent to gravatar.com
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the dashboard does not ask releases.wagtail.org
# The database backend stems with PostgreSQL's `greek` text-search configuration, not the
# server's default (SQLite has no configurations and ignores it); docs/decisions/0008.
# "terms" is the portal's own term index (search/terms.py, docs/decisions/0010): it only
# indexes, kept in step like the others, and it is what the site search reads on the database.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "greek"},
    "terms": {"BACKEND": "search.terms"},
}
# ELASTICSEARCH_URL (comma-separated URLs) puts Elasticsearch in front; the database backend
# stays configured, is updated on every publish and answers whenever Elasticsearch cannot
# (search/elasticsearch.py, docs/decisions/0009-elasticsearch.md).
if env_str("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX_PREFIX": env_str("ELASTICSEARCH_INDEX_PREFIX", "koinotita_"),
            "TIMEOUT": env_int("ELASTICSEARCH_TIMEOUT", 2),  # seconds, indexing requests
            "SEARCH_TIMEOUT": 0.5,  # seconds, then the database answers
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "FALLBACK": "database",
        },
        "database": WAGTAILSEARCH_BACKENDS["default"],
        "terms": WAGTAILSEARCH_BACKENDS["terms"],
    }

# The time zone every opening-hours answer is given in, whatever the server's clock says.
KOINOTITA_TIME_ZONE = "Europe/Athens"

# The HSDS open-data API: requests allowed per client address in each window of seconds.
HSDS_RATE_LIMIT = (
    env_int("HSDS_RATE_LIMIT_REQUESTS", 300),
    env_int("HSDS_RATE_LIMIT_WINDOW", 60),
)

# Without Redis, each process keeps its own cache; room for the search's per-word counts and
# the pages' fragments (the default, 300 entries, is culled by a few searches).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if env_str("REDIS_URL"):
    # Shared by every web process; Redis down means "serve uncached", never an error.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "OPTIONS": {
                "socket_connect_timeout": float(env_str("REDIS_TIMEOUT", "0.25")),
                "socket_timeout": float(env_str("REDIS_TIMEOUT", "0.25")),
            },
        }
    }

# Where generation stamps live when the cache is per process (core/generations.py): one
# folder per installation, shared by its web processes and its management commands.
GENERATIONS_DIR = Path(
    env_str(
        "GENERATIONS_DIR",
        str(
            Path(tempfile.gettempdir())
            / f"koinotita-generations-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]}"
        ),
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

from portal.settings.headers import *  # noqa: E402, F403 - CSP and the other headers

# Anonymous public pages are kept this many seconds (core/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# What many pages repeat (menu, footer, a centre's partners, announcements and funding),
# kept until the next publish and at most this long; 0 turns it off (core/fragments.py).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# Sign-in security: throttling and two-factor sign-in (portal/settings/auth.py); uploads:
# types, sizes, document serving, upload faults (portal/settings/uploads.py, decision 0013).
# Their middleware is in MIDDLEWARE above.
from portal.settings.auth import *  # noqa: E402, F403
from portal.settings.auth import SIGN_IN_APPS  # noqa: E402
from portal.settings.uploads import *  # noqa: E402, F403

INSTALLED_APPS += SIGN_IN_APPS
