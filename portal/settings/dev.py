"""Local development: debug on, a throw-away secret, any local host."""

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Sign-in security: `make run`'s demo administrator signs in without an authenticator app
# unless KOINOTITA_REQUIRE_2FA=1 (production and base.py require it; docs/decisions/0012).
KOINOTITA_REQUIRE_2FA = env_bool("KOINOTITA_REQUIRE_2FA", False)
