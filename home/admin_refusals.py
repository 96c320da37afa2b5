"""Refusals in the admin answer 403 with a page that says why.

Wagtail turns a ``PermissionDenied`` raised by an admin view into a redirect to the dashboard
with a flash message. For a partner who follows a link to another organisation's page that is
a silent bounce, and to monitoring and tests it looks like success. We answer with the HTTP
status that is true (403) and a page in the admin's own layout with the same message and a way
back. Requests made by the admin's JavaScript keep Wagtail's behaviour (the exception).
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def permission_denied(request):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return TemplateResponse(request, "wagtailadmin/permission_denied.html", status=403)


def install() -> None:
    """Replace Wagtail's helper; ``require_admin_access`` looks it up at call time."""
    from wagtail.admin import auth

    auth.permission_denied = permission_denied
