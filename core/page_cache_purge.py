"""What empties the anonymous page cache (core/page_cache.py): any change a visitor could
see on some page. Pages: publish, unpublish, move, delete (in any language; the purge drops
every language's pages at once), and privacy: a page made private (or public again) changes
without being published, and must not stay in the cache for anyone. Beyond pages: the site-wide alerts and the portal settings
(footer, contact details), which every page shows. Drafts and revisions are not listed: they
change nothing a visitor sees until they are published."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import page_cache


def _purge(sender, **kwargs):
    page_cache.purge()


def connect(*visible_models) -> None:
    """Purge on every page change, and on saving or deleting any of ``visible_models``."""
    from wagtail.models import Page, PageViewRestriction

    page_published.connect(_purge, dispatch_uid="page-cache-published")
    page_unpublished.connect(_purge, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_purge, dispatch_uid="page-cache-moved")
    post_delete.connect(_purge, sender=Page, dispatch_uid="page-cache-deleted")
    visible_models = (PageViewRestriction, *visible_models)
    for model in visible_models:
        post_save.connect(
            _purge, sender=model, dispatch_uid=f"page-cache-saved-{model._meta.label}"
        )
        post_delete.connect(
            _purge, sender=model, dispatch_uid=f"page-cache-deleted-{model._meta.label}"
        )
