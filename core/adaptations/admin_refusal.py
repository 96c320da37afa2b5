"""A refusal in the admin answers 403 with a page that says why, not a redirect.

Why: Wagtail's ``require_admin_access`` (around every admin view) and ``user_passes_test``
turn a ``PermissionDenied`` into ``wagtail.admin.auth.permission_denied(request)``, which
redirects to the dashboard with a flash message. For a partner who follows a link to another
organisation's page that is a silent bounce, and to monitoring and tests it looks like success.
No hook or setting chooses that answer, and Django's ``handler403`` is never reached because
Wagtail catches the exception first; so ``install()`` replaces the module's function, which
both callers look up at call time. Requests made by the admin's JavaScript keep Wagtail's
behaviour (the exception). The page is ``wagtailadmin/permission_denied.html`` (templates/).

Mirrors Wagtail 8.0.1 (``MIRRORS``).
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

MIRRORS = {
    "wagtail.admin.auth:permission_denied": "85a5250312cff6da",
    "wagtail.admin.auth:require_admin_access": "29ce458bb5ba7f58",
    "wagtail.admin.auth:user_passes_test": "fe623c1c5c79089f",
}


def permission_denied(request):
    """Wagtail's ``permission_denied``, answering 403 in the admin's layout."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return TemplateResponse(request, "wagtailadmin/permission_denied.html", status=403)


def install() -> None:
    from wagtail.admin import auth

    auth.permission_denied = permission_denied
