"""Purge the caches in front of the portal (a CDN, each nginx) when a page is published or
unpublished: every language version of the page, and the pages above it.

Wagtail's own receiver (``wagtail.contrib.frontend_cache``'s app, deliberately not installed)
purges the page's own URL and derives the other languages by swapping a ``/<lang>/`` prefix:
Greek pages have no prefix and translations have their own slugs, so the English page of a
changed Greek centre would stay stale. Both versions show the same synchronised facts (hours,
phones, address) and link to each other, so both go. The pages above list it (the centres
index, the directory, the home page's latest announcements), so they go too.

The purge waits for the transaction to commit: sent earlier, a visitor arriving in between
would put the old version back into the cache.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished


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


page_published.connect(purge_page, dispatch_uid="koinotita_cdn_purge_published")
page_unpublished.connect(purge_page, dispatch_uid="koinotita_cdn_purge_unpublished")
