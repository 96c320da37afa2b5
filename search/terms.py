"""The term index: the database's own inverted index of page words, and its search.

Why: Wagtail's database backend answers a query by scanning: on SQLite it scores every match
with a subquery per row, and on PostgreSQL ``(title || body) @@ query`` cannot use an index.
With 10 000 services a search took seconds (bench/results/search.md). Here each live page's
words are stored once per form, with where on the page they are (title, name, body), in
:class:`search.models.PageTerm`; a search is one ``term IN (…)`` lookup on a covering index,
grouped by page, scored in SQL the way :mod:`search.engine` scores (its points per word and
place), so the best candidates come back in one query whatever the database.
(docs/decisions/0010-term-index.md.)

The index is a Wagtail search backend (``WAGTAILSEARCH_BACKENDS["terms"]``) that only
indexes: Wagtail's signal handlers keep it in step on publish, unpublish, move and delete, and
``manage.py update_index`` rebuilds it, exactly as for the other backends. It is never asked
to search through Wagtail's API; :func:`candidates` is the way in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from modelsearch.backends.base import BaseIndex, BaseSearchBackend

from search.indexing import page_word_sets, prepare_texts
from search.models import PageTerm

# Kinds with many pages (100 000 services in a national deployment) are stored and searched
# apart from the rest, so they cannot crowd out the few centres and editorial pages.
BULK_KINDS = frozenset({"service"})
FIELDS = (
    ("title", PageTerm.Field.TITLE),
    ("name", PageTerm.Field.NAME),
    ("body", PageTerm.Field.BODY),
)
BATCH = 2000


# --- Indexing ------------------------------------------------------------------------------


def page_rows(page, kind: str) -> list[PageTerm]:
    """The rows of one page: each form of each word once per place, leaving out a place's
    row when a better place already has the term at least as exactly (it could never win
    the ``MAX`` a search takes)."""
    sets = page_word_sets(page)
    best: dict[str, bool] = {}  # term -> exact, in the best place seen so far
    rows = []
    for name, field in FIELDS:
        exact = sets[name]["exact"]
        for term in sorted(sets[name]["forms"] | exact):
            if not term or len(term) > PageTerm._meta.get_field("term").max_length:
                continue
            is_exact = term in exact
            if term in best and (best[term] or not is_exact):
                continue
            best[term] = best.get(term, False) or is_exact
            rows.append(
                PageTerm(
                    page_id=page.pk,
                    locale_id=page.locale_id,
                    bulk=kind in BULK_KINDS,
                    term=term,
                    field=field,
                    exact=is_exact,
                )
            )
    return rows


def _listed(page) -> bool:
    """Only live pages that are not untranslated aliases are ever results."""
    return bool(getattr(page, "live", False)) and getattr(page, "alias_of_id", None) is None


class TermIndex(BaseIndex):
    def add_items(self, model, items):
        kind = getattr(model, "search_kind", None)
        if not kind:  # not a search result (the home page, images, documents)
            return
        items = list(items)
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            listed = [page for page in chunk if _listed(page)]
            prepare_texts(listed)
            rows = [row for page in listed for row in page_rows(page, kind)]
            with transaction.atomic():
                PageTerm.objects.filter(page_id__in=[page.pk for page in chunk]).delete()
                PageTerm.objects.bulk_create(rows, batch_size=BATCH)

    def delete_item(self, item):
        PageTerm.objects.filter(page_id=item.pk).delete()

    def reset(self):
        PageTerm.objects.all().delete()


class TermIndexRebuilder:
    """``update_index``: empty the index, then every model's pages are added again."""

    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.reset()
        return self.index

    def finish(self):
        pass


class SearchBackend(BaseSearchBackend):
    """An index-only backend: kept in step by Wagtail, read by :func:`candidates`."""

    index_class = TermIndex
    rebuilder_class = TermIndexRebuilder

    def search(self, *args, **kwargs):
        raise NotImplementedError("The term index is read by search.engine, not searched.")

    autocomplete = search


# --- Searching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """A way for one query word to be found: any of ``terms`` in ``field`` (an ``exact``
    form only, if set) is worth ``points``."""

    terms: frozenset[str]
    field: int
    exact: bool
    points: int


def candidates(
    locale_id: int, bulk: bool, words: Sequence[Sequence[Branch]], limit: int
) -> list[tuple[int, tuple[int, ...]]]:
    """The ``limit`` best pages for the query, as ``(page id, points of each word)``.

    ``words`` holds each query word's branches, best first. A word's points on a page are
    those of its best branch found (``MAX``); pages are ordered by the engine's score before
    its title bonuses, ``(sum of points + 20 × words found) + 10 × words if all are found``
    (the engine's formula times ten times the number of words, so integers), then by id.
    """
    words = [[branch for branch in word if branch.terms] for word in words]
    every_term = sorted({term for word in words for branch in word for term in branch.terms})
    if not every_term or not words:
        return []
    params: list = []
    columns = []
    for position, branches in enumerate(words):
        cases = []
        for branch in branches:
            placeholders = ", ".join(["%s"] * len(branch.terms))
            exact = " AND exact = %s" if branch.exact else ""
            cases.append(f"WHEN term IN ({placeholders}) AND field = %s{exact} THEN %s")
            params += sorted(branch.terms)
            params.append(branch.field)
            if branch.exact:
                params.append(True)
            params.append(branch.points)
        if not cases:
            columns.append(f"0 AS p{position}")
            continue
        columns.append(f"MAX(CASE {' '.join(cases)} ELSE 0 END) AS p{position}")
    count = len(words)
    points = " + ".join(f"p{position}" for position in range(count))
    found = " + ".join(
        f"(CASE WHEN p{position} > 0 THEN 1 ELSE 0 END)" for position in range(count)
    )
    table = connection.ops.quote_name(PageTerm._meta.db_table)
    sql = f"""
        SELECT page_id, {", ".join(f"p{position}" for position in range(count))}
        FROM (
            SELECT page_id, {", ".join(columns)}
            FROM {table}
            WHERE locale_id = %s AND bulk = %s AND term IN ({", ".join(["%s"] * len(every_term))})
            GROUP BY page_id
        ) matches
        ORDER BY ({points}) + 20 * ({found})
                 + (CASE WHEN ({found}) = {count} THEN {10 * count} ELSE 0 END) DESC,
                 page_id
        LIMIT %s
    """  # noqa: S608 - our table's name and placeholders; every value is a parameter
    params += [locale_id, bulk, *every_term, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], tuple(row[1:])) for row in cursor.fetchall() if any(row[1:])]


def terms_known(locale_id: int, terms: Iterable[str]) -> set[str]:
    """Which of ``terms`` any live page of the locale has (one indexed lookup)."""
    terms = sorted(set(terms))
    if not terms:
        return set()
    return set(
        PageTerm.objects.filter(locale_id=locale_id, term__in=terms)
        .values_list("term", flat=True)
        .distinct()
    )
