"""Settings shared by every environment.

Production-safe by default: DEBUG is off and secrets come only from the environment.
``dev.py`` and ``test.py`` loosen what they must; ``production.py`` tightens the rest.
"""

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

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.admin_refusals.IncompleteFormMiddleware",
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
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Koinotita"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILEMBEDS_FINDERS = []  # embeds are off by default: no request leaves for a third party
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # editors' e-mail hashes are not sent to gravatar.com
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
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- uploads: types, sizes, document serving, upload faults (docs/decisions/0013) ---
from portal.settings.uploads import *  # noqa: E402, F403

MIDDLEWARE.insert(  # after authentication and messages: a failed upload's answer is an admin page
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    UPLOAD_FAULTS_MIDDLEWARE,  # noqa: F405
)
# --- end uploads ---
