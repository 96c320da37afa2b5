"""The anonymous page cache: whole public pages kept for a minute, dropped on every publish.

Why our own and not Django's per-site cache middleware: that one keys on the URL and the
``Vary`` headers only, so it would happily keep a page rendered for a signed-in editor (with
the Wagtail user bar) or one carrying a CSRF token, and it cannot be emptied on publish. Here:

* **Only what anyone would see.** A response is kept only when the request came from nobody
  signed in and carried no session, it was a ``GET``/``HEAD`` answered ``200`` by one of the
  public views listed in :data:`CACHEABLE_VIEWS` (Wagtail's page serving and the sitemap here;
  the apps above add theirs, the feeds and robots.txt, with :func:`register`), nothing in it set a cookie or used a CSRF token, and nothing marked it
  private. Previews and drafts are served by admin URLs, which are never listed, so they can
  never be kept; the search page is not listed, so every search is counted (search/analytics).
* **Never another language.** The key holds the language the URL selected (``/`` Greek,
  ``/en/`` English), the host, the full path with its query, and the cookies registered as
  changing what an anonymous page shows (the alert-dismissal cookie, registered by ``home``).
* **Purged on publish.** Every key starts with a generation number; publishing, unpublishing,
  moving or deleting any page, and saving an alert or the site settings, moves it on
  (:mod:`core.page_cache_purge`), so every cached page of every language is dropped at once.
  Listings, the finder and the centre pages show many pages each, so a per-page purge would
  miss some; a publish is rare next to the reads.
* **A minute at most.** Opening hours ("open now") and alerts change with the clock, not
  only on publish: pages are kept ``PAGE_CACHE_SECONDS`` (60 s) and sent with the same
  ``max-age``, so neither this cache nor a browser or CDN shows a status more than a minute old.
* **A cache failure is a miss.** With Redis down the page is rendered as if never cached
  (core/cache.py makes the cache answer "nothing" instead of raising).

With several web processes, the cache must be shared (``REDIS_URL``), or each process keeps
pages of its own; the generation itself is seen by every process at once either way
(``core.generations``), so a publish or an import from the shell purges them all.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from core import generations

GENERATION_KEY = "page-cache:generation"
# The public views whose anonymous answers are the same for everyone (by dotted path of the
# view function or class). Wagtail's own are here; an app adds its views with register().
CACHEABLE_VIEWS = {
    "wagtail.views.serve",
    "wagtail.contrib.sitemaps.views.sitemap",
}
# The cookies that change what an anonymous page shows; each is part of the key. An app
# adds its own with register().
KEY_COOKIES: list[str] = []
NEVER_KEPT = ("private", "no-store", "no-cache")


def register(*, views=(), cookies=()) -> None:
    """Let the page cache keep the anonymous answers of ``views`` (dotted paths of the view
    function or class, as Django's resolver records them), and key pages on ``cookies``.
    Called from an app's ``AppConfig.ready()``: this module knows no app above it."""
    CACHEABLE_VIEWS.update(views)
    KEY_COOKIES.extend(cookie for cookie in cookies if cookie not in KEY_COOKIES)


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def generation() -> str:
    return generations.current(GENERATION_KEY)


def purge() -> None:
    """Drop every cached page, in every language, in every process (the old generation's
    keys are never read again and expire by themselves)."""
    generations.advance(GENERATION_KEY)


def _view_path(request) -> str:
    """The dotted path of the view that answered (a feed instance's class, a view class, or
    a function), as Django's resolver records it."""
    match = getattr(request, "resolver_match", None)
    return getattr(match, "_func_path", "") if match is not None else ""


def _anonymous(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request) -> str:
    parts = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
            *(request.COOKIES.get(cookie, "") for cookie in KEY_COOKIES),
        ]
    )
    digest = hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:{generation()}:{request.method == 'HEAD'}:{digest}"


def _keepable(request, response) -> bool:
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in control for word in NEVER_KEPT)
        and _view_path(request) in CACHEABLE_VIEWS
    )


class AnonymousPageCacheMiddleware:
    """Serve and keep anonymous public pages (see the module docstring). Placed after the
    authentication and locale middleware, so it knows who asks and in which language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = request.method in ("GET", "HEAD") and seconds() > 0 and _anonymous(request)
        if not candidate:
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _keepable(request, response):
            patch_cache_control(response, public=True, max_age=seconds())
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, seconds())
            response["X-Cache"] = "miss"
        return response
