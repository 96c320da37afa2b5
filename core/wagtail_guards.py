"""Guards in front of three of Wagtail's own views, wired in portal/urls.py ahead of Wagtail's
URLs, which they shadow at the same addresses (tests/core/test_wagtail_guards.py fails if
Wagtail moves or renames one of them).

- **The password forms** of a password-protected page (``wagtailcore_authenticate_with_
  password``) and of a protected document collection (``wagtaildocs_authenticate_with_
  password``). Wagtail checks the password as often as it is sent, so a script could try a
  dictionary against it. Wrong passwords are counted per client address and per protected
  page or collection (the restriction, which holds the password: the page in the address can
  be any page, so counting per page would multiply a guesser's allowance), in fixed windows
  of the shared cache (core/rate_limit.py). Past ``PAGE_PASSWORD_LIMIT`` the form answers
  429 Too Many Requests with ``Retry-After`` and a page that says how long to wait, even for
  the right password; the right password within the limit starts the count afresh. The
  client address is the one the sign-in throttle uses (core/proxy.py).
- **Reverting a page to revision 0.** Wagtail's edit view takes a revision id of 0 for "not
  reverting" and then fails on the revision it did not load (a 500). No revision has id 0:
  the address answers Wagtail's admin 404, after the same admin-access check as Wagtail's.
"""

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from wagtail import views as wagtail_views
from wagtail.admin.auth import require_admin_access
from wagtail.documents.views import serve as document_views

from core.proxy import client_address
from core.rate_limit import forget, seconds_to_wait


def throttled_password_form(view, counter: str, restriction_kwarg: str):
    """Wagtail's password form ``view``, with wrong passwords counted under ``counter`` per
    client address and restriction. Wagtail answers the right password with a redirect and a
    wrong one with the form again."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        allowed, window = settings.PAGE_PASSWORD_LIMIT
        who = f"{client_address(request)}:{kwargs[restriction_kwarg]}"
        if wait := seconds_to_wait(counter, who, allowed, window):
            response = render(
                request,
                "password_throttled.html",
                {"minutes": max(1, round(wait / 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            forget(counter, who, window)
        return response

    return guarded


@never_cache
@require_admin_access
def no_such_revision(request, page_id):
    return page_not_found(request, Http404(), template_name="wagtailadmin/404.html")


# Before ``include(wagtailadmin_urls)`` and ``include(wagtaildocs_urls)``.
urlpatterns = [
    re_path(
        r"^admin/pages/(?P<page_id>[0-9]+)/revisions/0+/revert/$",
        no_such_revision,
        name="page_revision_zero",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled_password_form(
            document_views.authenticate_with_password, "collection-password", "restriction_id"
        ),
        name="wagtaildocs_authenticate_with_password",
    ),
]

# Inside ``i18n_patterns``, before ``include(wagtail_urls)``.
language_urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_password_form(
            wagtail_views.authenticate_with_password, "page-password", "page_view_restriction_id"
        ),
        name="wagtailcore_authenticate_with_password",
    ),
]
