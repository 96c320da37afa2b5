"""Signing in to the admin: throttling (django-axes) and two-factor sign-in (django-otp).

Imported by ``base.py``, so every environment gets it; ``test.py`` and ``dev.py`` turn off only
the *requirement* to have a second factor (see ``KOINOTITA_REQUIRE_2FA``). Why these choices:
docs/decisions/0012-sign-in-security.md.
"""

from datetime import timedelta

from portal.settings.env import env_bool, env_int, env_str

SIGN_IN_APPS = [
    "signin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# Axes refuses a locked-out client before any other backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]


# --- Throttling: django-axes ---------------------------------------------------------------
# Failures are counted per (username, address) pair: someone guessing passwords from one
# address is stopped, while the same person signing in from elsewhere, and everyone else at
# that address, is not. The database handler counts across every web process and works the
# same on SQLite and PostgreSQL (a local-memory cache would count per process).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked out do not restart the clock, so "try again in 15 minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "signin.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.proxy.client_address"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address is REMOTE_ADDR, which core/proxy.py sets from X-Forwarded-For only
# for requests from TRUSTED_PROXIES (portal/settings/deployment.py): one rule for the portal.

# --- Password-reset e-mails: signin/reset_throttle.py ----------------------------------------
# (requests, seconds): per client address, then per e-mail address asked for.
PASSWORD_RESET_LIMIT_PER_CLIENT = (env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 5), 3600)
PASSWORD_RESET_LIMIT_PER_ADDRESS = (env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3), 3600)

# --- Passwords of protected pages and collections: core/wagtail_guards.py ------------------
# (wrong passwords, seconds): per client address and protected page or document collection.
PAGE_PASSWORD_LIMIT = (env_int("PAGE_PASSWORD_FAILURE_LIMIT", 10), 15 * 60)

# --- Two-factor sign-in: django-otp ------------------------------------------------------------
# Superusers and editors-in-chief must have a second factor before any admin page opens; every
# other admin user may add one. Off only in tests and local development (see those settings).
KOINOTITA_REQUIRE_2FA = env_bool("KOINOTITA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Koinotita")
# Exponential back-off after each wrong code (1, 2, 4, 8 … seconds); 0 would switch it off.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
