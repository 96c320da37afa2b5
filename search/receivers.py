"""Keeping search indexes in step where Wagtail's own signal handlers cannot see a change.

A service is found by its organisation's name (``search_parent_title``), so its index entries
hold that name. Wagtail re-indexes only the page that was saved; when an organisation is
published, perhaps renamed, the pages named after it are re-indexed here, in every backend,
in bulk (their texts fetched with a handful of queries, not one per page).

A bulk creation (``directory.bulk_pages``) writes new parents and their children together and
indexes the children with their parents' names already; it publishes inside
:func:`children_indexed`, so the children are not indexed a second time.
"""

import logging
import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.dispatch import receiver
from wagtail.search.backends import get_search_backends_with_name
from wagtail.signals import page_published

from search.indexing import prepare_texts

logger = logging.getLogger(__name__)
_state = threading.local()


@contextmanager
def children_indexed(pages: Iterable):
    """Publishing ``pages`` in this block leaves their children's index entries alone: the
    caller has just indexed those children under these very pages."""
    previous = getattr(_state, "page_ids", frozenset())
    _state.page_ids = previous | {page.pk for page in pages}
    try:
        yield
    finally:
        _state.page_ids = previous


@receiver(page_published, dispatch_uid="search-reindex-children-named-after-parent")
def reindex_children_named_after_parent(sender, instance, **kwargs):
    if instance.pk in getattr(_state, "page_ids", ()):
        return
    by_model: dict[type, list] = {}
    for child in instance.get_children().live().specific():
        if getattr(type(child), "search_parent_title", False):
            by_model.setdefault(type(child), []).append(child)
    for model, pages in by_model.items():
        prepare_texts(pages)
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, pages)
            except Exception:
                # As Wagtail's own handler: an external index being down must not fail the
                # publish; a database index failing must (the transaction is broken anyway).
                logger.exception("Re-indexing the pages under %r failed in %r", instance, name)
                if not backend.catch_indexing_errors:
                    raise
