"""Refusals and malformed posts in the admin answer with a status that is true (403, 400)
and a page that says why.

Wagtail turns a ``PermissionDenied`` raised by an admin view into a redirect to the dashboard
with a flash message. For a partner who follows a link to another organisation's page that is
a silent bounce, and to monitoring and tests it looks like success. We answer with the HTTP
status that is true (403) and a page in the admin's own layout with the same message and a way
back. Requests made by the admin's JavaScript keep Wagtail's behaviour (the exception).
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDictKeyError


def permission_denied(request):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return TemplateResponse(request, "wagtailadmin/permission_denied.html", status=403)


def install() -> None:
    """Replace Wagtail's helper; ``require_admin_access`` looks it up at call time."""
    from wagtail.admin import auth

    auth.permission_denied = permission_denied


class IncompleteFormMiddleware:
    """A form post that lacks fields the admin's own page always sends (a StreamField's
    ``-count``, a formset's management data) makes Wagtail raise ``KeyError`` while reading
    the form, before anything is saved. Browsers never send such a post; scripts and
    half-loaded pages can. Answer 400 with a page that says to reload, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method == "POST" and isinstance(exception, MultiValueDictKeyError):
            return TemplateResponse(
                request, "wagtailadmin/incomplete_form.html", status=400
            ).render()
        return None
