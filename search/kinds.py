"""Which pages are search results: the kinds, the page models that declare one, and the live
public pages of those models in a locale. The engine and the vocabulary both read from here,
so neither reaches into the other.
"""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, get_page_models

from search import terms

KINDS: dict[str, str] = {
    "centre": _("Community centre"),
    "service": _("Service"),
    "organisation": _("Organisation"),
    "announcement": _("Announcement"),
    "funding": _("Funding notice"),
    "page": _("Page"),
}
# Kinds with many pages (100 000 services in a national deployment) are asked for candidates
# apart from the rest, so they cannot crowd out the few centres and editorial pages.
BULK_KINDS = terms.BULK_KINDS


def kind_of(model) -> str | None:
    """The declared kind of a page model, or None if it is not a search result."""
    kind = getattr(model, "search_kind", None)
    return kind if kind in KINDS else None


@functools.cache
def _searchable_models() -> dict[type, str]:
    return {model: kind for model in get_page_models() if (kind := kind_of(model))}


def _content_type_ids(kinds: frozenset[str] = frozenset(), exclude: bool = True) -> list[int]:
    """Content types of the searchable page models (of ``kinds`` only, or all but them)."""
    from django.contrib.contenttypes.models import ContentType

    models = [
        model
        for model, kind in _searchable_models().items()
        if not kinds or (kind in kinds) != exclude
    ]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return sorted(content_type.pk for content_type in types.values())


def searchable_pages(locale: Locale, bulk: bool | None = None):
    """Live public pages of the searchable kinds in ``locale``; ``bulk`` True or False keeps
    only the pages of ``BULK_KINDS`` or only the others."""
    if bulk is None:
        types = _content_type_ids()
    else:
        types = _content_type_ids(kinds=BULK_KINDS, exclude=not bulk)
    return Page.objects.live().public().filter(locale=locale, content_type_id__in=types)
