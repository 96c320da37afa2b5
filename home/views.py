"""Small public views of the home app."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

DISMISSED_COOKIE = "dismissed_alerts"
MAX_DISMISSED = 20


def dismissed_keys(request) -> list[str]:
    raw = request.COOKIES.get(DISMISSED_COOKIE, "")
    return [key for key in raw.split(".") if key.isalnum() and len(key) <= 32][:MAX_DISMISSED]


def dismiss_alert(request, key: str):
    """Hide a non-urgent alert for this browser (a functional cookie, nothing else) and go
    back to the page the reader was on. Works as a plain link: no JavaScript needed."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if key.isalnum() and len(key) <= 32:
        keys = [key, *[k for k in dismissed_keys(request) if k != key]][:MAX_DISMISSED]
        response.set_cookie(
            DISMISSED_COOKIE,
            ".".join(keys),
            max_age=30 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def robots_txt(request):
    """Crawlers may read the public site (both languages, listed in the sitemap), not the
    admin, the search results or the alert-dismissal links."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return TemplateResponse(
        request, "robots.txt", context, content_type="text/plain; charset=utf-8"
    )
