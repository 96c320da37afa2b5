"""A page's parent read from its tree path, without loading the parent page.

Wagtail keeps its page tree as materialised paths: a page's path is its parent's path and
``Page.steplen`` characters more. Lists of services show their organisation, the search
index files a service under its organisation's name, and the directory finds organisations
from their services; each reads the parent from the path rather than calling
``get_parent()`` once per page.
"""

from __future__ import annotations

from collections.abc import Iterable


def parent_path(path: str) -> str:
    """The tree path of the parent of the page at ``path``."""
    from wagtail.models import Page

    return path[: -Page.steplen]


def parent_titles(pages: Iterable) -> dict[str, str]:
    """Each page's parent title by the page's own path, in one query; a page whose parent
    is not found is left out."""
    from wagtail.models import Page

    parents = {page.path: page.path[: -Page.steplen] for page in pages}
    titles = dict(Page.objects.filter(path__in=set(parents.values())).values_list("path", "title"))
    return {path: titles[parent] for path, parent in parents.items() if parent in titles}
