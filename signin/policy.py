"""Who must sign in with two factors, and which admin addresses the rule guards.

The editors-in-chief group is the one ``home.roles`` names (created by migration
``home.0005_editorial_groups``): its members publish to the public site, so a stolen password
alone must not be enough to do so in their name. Superusers can do everything.
"""

import contextlib

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django_otp import user_has_device

from home.roles import EDITORS_IN_CHIEF

# URL names an unverified user must reach: signing in and out, the two-factor pages
# themselves, and what the sign-in page loads (icons, translations). Password reset only
# sends an e-mail and sets a password; it never signs anyone in (tests/signin).
OPEN_VIEW_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "signin_verify",
        "signin_setup",
        "admin:login",
        "admin:logout",
        "admin:jsi18n",
    }
)


def must_use_two_factor(user) -> bool:
    if not settings.KOINOTITA_REQUIRE_2FA:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS_IN_CHIEF).exists()


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def guarded_prefixes() -> list[str]:
    """Wagtail's admin, and Django's if a deployment mounts it."""
    prefixes = [reverse("wagtailadmin_home")]
    with contextlib.suppress(NoReverseMatch):
        prefixes.append(reverse("admin:index"))
    return prefixes


def is_guarded(request) -> bool:
    match = request.resolver_match
    if match is not None and match.view_name in OPEN_VIEW_NAMES:
        return False
    return any(request.path_info.startswith(prefix) for prefix in guarded_prefixes())
