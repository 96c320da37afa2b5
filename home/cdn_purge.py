"""Purge the caches in front of the portal (a CDN, each nginx) when a page is published or
unpublished: every language version of the page, and the pages above it.

Wagtail's own receiver (``wagtail.contrib.frontend_cache``'s app, deliberately not installed)
purges the page's own URL and derives the other languages by swapping a ``/<lang>/`` prefix:
Greek pages have no prefix and translations have their own slugs, so the English page of a
changed Greek centre would stay stale. Both versions show the same synchronised facts (hours,
phones, address) and link to each other, so both go. The pages above list it (the centres
index, the directory, the home page's latest announcements), so they go too.

Making a page private (or public again) changes who may see it without publishing anything,
so a view restriction saved or deleted purges the page, everything under it (the restriction
covers the whole branch) and the pages above that list it: otherwise a CDN or nginx would
keep serving the page to anyone until its ``max-age`` ran out.

The purge waits for the transaction to commit: sent earlier, a visitor arriving in between
would put the old version back into the cache.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


def pages_to_purge(page: Page) -> list[Page]:
    """The page in every language, and every page above each version but the tree's root."""
    pages: dict[int, Page] = {}
    for version in page.get_translations(inclusive=True):
        for affected in [version, *version.get_ancestors().filter(depth__gt=1)]:
            pages.setdefault(affected.pk, affected)
    return list(pages.values())


def purge_page(sender, instance: Page, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(pages_to_purge(instance))
    transaction.on_commit(batch.purge)


def branch_to_purge(page: Page) -> list[Page]:
    """The page and every page under it, and every page above it but the tree's root."""
    return [*page.get_descendants(inclusive=True), *page.get_ancestors().filter(depth__gt=1)]


def purge_restricted(sender, instance: PageViewRestriction, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # deleted with its page: the page's deletion unpublished it already
        return
    batch = PurgeBatch()
    batch.add_pages(branch_to_purge(page))
    transaction.on_commit(batch.purge)


page_published.connect(purge_page, dispatch_uid="koinotita_cdn_purge_published")
page_unpublished.connect(purge_page, dispatch_uid="koinotita_cdn_purge_unpublished")
post_save.connect(
    purge_restricted, sender=PageViewRestriction, dispatch_uid="koinotita_cdn_purge_restricted"
)
post_delete.connect(
    purge_restricted, sender=PageViewRestriction, dispatch_uid="koinotita_cdn_purge_unrestricted"
)


class TimedHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge (``PURGE`` with the public Host header) with a time limit.

    Wagtail's own waits for as long as the operating system lets a connection hang, and the
    purge runs in the editor's request: a cache machine that is down must cost the editor
    seconds, not minutes, and never the publication itself (the error is logged)."""

    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", 3))
        super().__init__(params)

    def purge(self, url) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - the configured cache
        except HTTPError as error:
            logger.error("Could not purge %s: HTTP %s %s", url, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Could not purge %s: %s", url, getattr(error, "reason", error))
