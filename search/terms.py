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

from django.core.cache import cache
from django.db import connection, transaction
from modelsearch.backends.base import BaseIndex, BaseSearchBackend

from core.bulk_rows import insert_rows
from search.indexing import page_word_sets, prepare_texts
from search.models import PageTerm, SearchWord

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


ROW_FIELDS = ["page_id", "locale_id", "bulk", "term", "field", "exact"]


def page_rows(page, kind: str) -> list[tuple]:
    """The rows of one page (values of ``ROW_FIELDS``): each form of each word once per place,
    leaving out a place's row when a better place already has the term at least as exactly
    (it could never win the ``MAX`` a search takes)."""
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
            rows.append((page.pk, page.locale_id, kind in BULK_KINDS, term, int(field), is_exact))
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
            words = {(locale, term) for _page, locale, _bulk, term, _field, exact in rows if exact}
            with transaction.atomic():
                PageTerm.objects.filter(page_id__in=[page.pk for page in chunk]).delete()
                insert_rows(PageTerm, ROW_FIELDS, rows)
                SearchWord.objects.bulk_create(
                    [SearchWord(locale_id=locale, term=term) for locale, term in sorted(words)],
                    batch_size=BATCH,
                    ignore_conflicts=True,
                )

    def delete_item(self, item):
        PageTerm.objects.filter(page_id=item.pk).delete()

    def reset(self):
        PageTerm.objects.all().delete()
        SearchWord.objects.all().delete()


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
    locale_id: int,
    bulk: bool,
    words: Sequence[Sequence[Branch]],
    limit: int,
    counts: dict[str, int] | None = None,
) -> list[tuple[int, tuple[int, ...]]]:
    """The ``limit`` best pages for the query, as ``(page id, points of each word)``.

    ``words`` holds each query word's branches, best first. A word's points on a page are
    those of its best branch found (``MAX``); pages are ordered by the engine's score before
    its title bonuses, ``(sum of points + 20 × words found) + 10 × words if all are found``
    (the engine's formula times ten times the number of words, so integers), then by id.

    ``counts`` (from :func:`term_counts`) tells on how many pages each term is. A word whose
    terms (its forms and its synonyms') are on more than COMMON_PAGES pages is common: reading
    all its rows is what makes a search slow. When a query of several words has one, the
    pages are first sought by its rarer words (or, if every word is common, by the word on the
    fewest pages), up to SEEDS of them, and then scored with every word, reading only those
    pages' rows. A page needs one of the rarer words to be proposed; with the found words
    counting most in the score, those are the pages that rank first anyway. A common word
    alone (or proposing the pages alone) is ranked a level of points at a time
    (:func:`_best_of_one_word`): the same pages in the same order, without grouping its rows.
    """
    counts = counts or {}
    words = [[branch for branch in word if branch.terms] for word in words]
    every_term = sorted({term for word in words for branch in word for term in branch.terms})
    if not every_term or not words:
        return []
    where = "locale_id = %s AND bulk = %s AND term IN ({})"
    pages = [sum(counts.get(term, 0) for term in _terms_of(word)) for word in words]
    if max(pages) > COMMON_PAGES:
        rare = [word for word, many in zip(words, pages, strict=True) if many <= COMMON_PAGES]
        if not rare:  # every word is common: the one on the fewest pages proposes them
            word = words[pages.index(min(pages))]
            best = _best_of_one_word(
                locale_id, bulk, word, counts, limit if len(words) == 1 else SEEDS
            )
            if len(words) == 1:
                return [(page_id, (points,)) for page_id, points in best]
            ids = [page_id for page_id, _points in best]
        else:
            drivers = sorted({term for word in rare for term in _terms_of(word)})
            seeds = _scored(
                [[_only(branch, drivers) for branch in word] for word in words],
                where,
                [locale_id, bulk],
                drivers,
                SEEDS,
            )
            ids = [page_id for page_id, _points in seeds]
        if not ids:
            return []
        where = f"page_id IN ({', '.join(['%s'] * len(ids))}) AND term IN ({{}})"
        return _scored(words, where, ids, every_term, limit)
    return _scored(words, where, [locale_id, bulk], every_term, limit)


def _best_of_one_word(
    locale_id: int, bulk: bool, word: Sequence[Branch], counts: dict[str, int], limit: int
) -> list[tuple[int, int]]:
    """The ``limit`` best pages for one common word, as ``(page id, points)``, in the order
    :func:`_scored` gives them (points, then id), without grouping all the word's rows.

    A page's points are those of its best branch, so the pages are taken a level of points at
    a time, best first: each level's pages in id order, leaving out those a better level
    already gave, until ``limit`` are found. A word is common because its body rows are many;
    its better levels (the title, the name) are few, so a search usually stops after a level
    or two, reading only those rows. Levels whose terms are on no page are not asked."""
    levels: dict[int, list[Branch]] = {}
    for branch in word:
        if any(counts.get(term, 1) for term in branch.terms):
            levels.setdefault(branch.points, []).append(branch)
    table = connection.ops.quote_name(PageTerm._meta.db_table)
    found: list[tuple[int, int]] = []
    for points in sorted(levels, reverse=True):
        conditions, params = [], [locale_id, bulk]
        for branch in levels[points]:
            placeholders = ", ".join(["%s"] * len(branch.terms))
            exact = " AND exact = %s" if branch.exact else ""
            conditions.append(f"(term IN ({placeholders}) AND field = %s{exact})")
            params += [*sorted(branch.terms), branch.field, *([True] if branch.exact else [])]
        seen = [page_id for page_id, _points in found]
        not_seen = f" AND page_id NOT IN ({', '.join(['%s'] * len(seen))})" if seen else ""
        sql = f"""
            SELECT DISTINCT page_id FROM {table}
            WHERE locale_id = %s AND bulk = %s AND ({" OR ".join(conditions)}){not_seen}
            ORDER BY page_id
            LIMIT %s
        """  # noqa: S608 - our table's name and placeholders; every value is a parameter
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *seen, limit - len(found)])
            found += [(row[0], points) for row in cursor.fetchall()]
        if len(found) >= limit:
            break
    return found


def _terms_of(word: Sequence[Branch]) -> set[str]:
    return {term for branch in word for term in branch.terms}


def _only(branch: Branch, terms: Iterable[str]) -> Branch:
    return Branch(branch.terms & frozenset(terms), branch.field, branch.exact, branch.points)


# How many pages the rarer terms of a query may propose before every term scores them.
SEEDS = 1000


def _scored(
    words: Sequence[Sequence[Branch]], where: str, where_params: list, terms: list, limit: int
) -> list[tuple[int, tuple[int, ...]]]:
    """The one scoring query: rows matching ``where`` (its ``{}`` is ``terms``) grouped by
    page, each word's best points, best pages first."""
    words = [[branch for branch in word if branch.terms] for word in words]
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
    condition = where.format(", ".join(["%s"] * len(terms)))
    sql = f"""
        SELECT page_id, {", ".join(f"p{position}" for position in range(count))}
        FROM (
            SELECT page_id, {", ".join(columns)}
            FROM {table}
            WHERE {condition}
            GROUP BY page_id
        ) matches
        ORDER BY ({points}) + 20 * ({found})
                 + (CASE WHEN ({found}) = {count} THEN {10 * count} ELSE 0 END) DESC,
                 page_id
        LIMIT %s
    """  # noqa: S608 - our table's name and placeholders; every value is a parameter
    params += [*where_params, *terms, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], tuple(row[1:])) for row in cursor.fetchall() if any(row[1:])]


# A term on more pages of a group than this is "common" (see candidates).
COMMON_PAGES = 5000
COUNT_CACHE_SECONDS = 60 * 60


def term_counts(locale_id: int, bulk: bool, terms: Iterable[str]) -> dict[str, int]:
    """On how many pages of the group each of ``terms`` is (rows, near enough), counted up to
    just past COMMON_PAGES: whether a term is common is all :func:`candidates` asks, and a full
    count of a word on most of 100 000 services read every one of its rows. Counted once an
    hour per term (one query for the terms not cached); an old count only changes which terms
    propose the pages, never what a page scores."""
    terms = sorted(set(terms))
    keys = {term: f"search-term-pages:{locale_id}:{int(bulk)}:{term}" for term in terms}
    cached = cache.get_many(list(keys.values()))
    counts = {term: cached[key] for term, key in keys.items() if key in cached}
    missing = [term for term in terms if term not in counts]
    if missing:
        fresh = _capped_counts(locale_id, bulk, missing, COMMON_PAGES + 1)
        cache.set_many({keys[term]: count for term, count in fresh.items()}, COUNT_CACHE_SECONDS)
        counts.update(fresh)
    return counts


def _capped_counts(locale_id: int, bulk: bool, terms: list[str], cap: int) -> dict[str, int]:
    """Each term's rows in the group, counted no further than ``cap``, in one query (a capped
    subquery per term, so the covering index is read at most ``cap`` entries deep)."""
    table = connection.ops.quote_name(PageTerm._meta.db_table)
    one = f"""
        SELECT %s, (SELECT COUNT(*) FROM (
            SELECT 1 FROM {table} WHERE term = %s AND locale_id = %s AND bulk = %s LIMIT %s
        ) capped)
    """  # noqa: S608 - our table's name; every value is a parameter
    params = [value for term in terms for value in (term, term, locale_id, bulk, cap)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(terms)), params)
        return dict(cursor.fetchall())


def similar_words(locale_id: int, words: Sequence[str], limit: int = 20) -> dict[str, list[str]]:
    """For each of ``words``, the words of the locale's pages that look like it by trigram
    similarity (PostgreSQL's ``pg_trgm``, through its index on :class:`SearchWord`), most
    similar first, in one query; nothing on other databases, which use the titles'
    vocabulary instead."""
    words = list(dict.fromkeys(words))
    if connection.vendor != "postgresql" or not words:
        return {}
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    one = f"""
        (SELECT %s AS word, term FROM {table}
         WHERE locale_id = %s AND term %% %s
         ORDER BY similarity(term, %s) DESC, term
         LIMIT %s)
    """  # noqa: S608 - our table's name; every value is a parameter
    params = [value for word in words for value in (word, locale_id, word, word, limit)]
    found: dict[str, list[str]] = {word: [] for word in words}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(words)), params)
        for word, term in cursor.fetchall():
            found[word].append(term)
    return found
