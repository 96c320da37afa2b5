"""The site search engine: one query in, the best live public pages of one language out.

Why it looks like this (docs/decisions/0008-greek-search.md has the longer story):

* **Candidates from the backend, order from Python.** The backend (database or Elasticsearch,
  through ``search.backends.run_search``) finds candidate pages by the normalised forms of
  every query word (``search.indexing``), then the best ``CANDIDATES`` are re-ranked here by
  rules that do not depend on the backend: words in the title beat words in the body, the
  word in any inflection beats a sound-alike or a synonym, every word found beats some, the
  whole query in the title beats all. Ties fall to the kind's order, then the page tree's
  order (as editors arrange it), so the order is the same on SQLite, PostgreSQL and
  Elasticsearch and from one run to the next.
* **Bounded work.** A search makes a fixed handful of queries whatever the number of results:
  the locale, at most three backend searches (all words; any word; the corrected query), one
  query per page model for the candidates, and the vocabulary when it is not cached.
* **Kinds are declared by the apps.** ``search`` knows no app's models: a page model says what
  it is with a ``search_kind`` class attribute (one of :data:`KINDS`); models without one
  (the home page) are never results.
* **Safe filters only.** Public search is always ``live().public()``, the active locale, no
  untranslated aliases, no page under a view restriction. The filters are applied twice: in
  the backend query (as index filter fields) and again when the candidates are loaded from the
  database, so a stale index can never leak a private or unpublished page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelsearch.query import And, Fuzzy, Or, PlainText
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from search import terms, vocabulary
from search.backends import run_search
from search.indexing import (
    page_word_sets,
    prepare_texts,
    query_word_forms,
    query_words,
    stem,
    word_forms,
)
from search.kinds import KINDS, kind_of, searchable_pages
from search.normalise import fold, has_latin, transliterate
from search.synonyms import synonyms

# A small nudge, not a ranking by itself: on an otherwise equal match a centre comes before a
# service, a service before the organisation offering it, and so on (KINDS order).
KIND_BONUS = {kind: 0.05 * (len(KINDS) - position) for position, kind in enumerate(KINDS)}

MAX_QUERY_LENGTH = 200  # a query of the site search or the partner directory
MAX_WORDS = 12
CANDIDATES = 100  # how many backend results each pass hands to the re-ranking
FEW_RESULTS = 3  # fewer hits than this and a spelling suggestion is looked for


@dataclass
class Hit:
    page: Page
    kind: str
    score: float


@dataclass
class Outcome:
    query: str
    hits: list[Hit]
    kind_counts: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None
    backend: str = ""


# --- Query analysis ------------------------------------------------------------------------


def clean(query: str) -> str:
    """The query stripped, on one line and at most ``MAX_QUERY_LENGTH`` characters."""
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH].strip()


def terms_to_highlight(query: str) -> list[str]:
    """Words and forms a snippet should mark: the folded words, their stems and, for Greeklish,
    the Greek transliteration (snippets compare folded text, so accents do not matter)."""
    terms: list[str] = []
    for word in query_words(clean(query))[:MAX_WORDS]:
        terms.append(word)
        if has_latin(word) and not word.isdigit():
            terms.append(fold(transliterate(word)))
        terms += [stem(term) for term in terms[-2:]]
    return [term for term in dict.fromkeys(terms) if len(term) >= 2]


# --- Backend -------------------------------------------------------------------------------


def _backend_query(words: list[QueryWord], strict: bool, every_word: bool):
    per_word = [
        PlainText(" ".join(word.strict_forms if strict else word.all_forms), operator="or")
        for word in words
    ]
    if len(per_word) == 1:
        return per_word[0]
    return And(per_word) if every_word else Or(per_word)


# The backend passes, narrowest first; a pass runs only while fewer than ENOUGH candidates
# are found, so a common query costs one backend search and a rare or misspelt one at most
# three (plus the fuzzy one).
PASSES = ((True, True), (False, True), (False, False))  # (strict forms, every word)
ENOUGH = CANDIDATES // 4


def _candidate_ids(locale: Locale, words: list[QueryWord]) -> tuple[list[int], str]:
    """Candidates from the few editorial pages and from the many services separately, so
    thousands of services mentioning «Κέντρο Κοινότητας» cannot crowd the centres out of the
    backend's first ``CANDIDATES``."""
    ids: list[int] = []
    backend = ""
    for bulk in (False, True):
        more, backend = _group_ids(searchable_pages(locale, bulk=bulk), words)
        ids += more
    return ids, backend


def _group_ids(queryset, words: list[QueryWord]) -> tuple[list[int], str]:
    ids: list[int] = []
    backend = ""
    for strict, every_word in PASSES:
        if not every_word and len(words) == 1:
            break
        query = _backend_query(words, strict, every_word)
        results, backend = run_search(queryset, query)
        seen = set(ids)
        ids += [page.pk for page in results[:CANDIDATES] if page.pk not in seen]
        if len(ids) >= ENOUGH:
            break
    return ids, backend


def _load(ids: list[int], locale: Locale) -> list[Page]:
    """The specific pages of ``ids`` that still pass every public filter, with what their
    search texts read (relations, parent titles) fetched in one query each."""
    if not ids:
        return []
    pages = list(searchable_pages(locale).filter(pk__in=ids, alias_of__isnull=True).specific())
    prepare_texts(pages)
    return pages


def _plain_pages(ids: list[int], locale: Locale) -> list[Page]:
    """The pages of ``ids`` that still pass every public filter, as plain ``Page`` objects in
    one query: the term index already scored their words, so only titles, kinds and paths are
    read here. :func:`specific` fetches the few a results page shows."""
    if not ids:
        return []
    return list(searchable_pages(locale).filter(pk__in=ids, alias_of__isnull=True))


def specific(hits: list[Hit]) -> list[Hit]:
    """``hits`` with their pages as their specific models (a service's description, an
    announcement's summary), one query per model whatever the number of hits."""
    plain = [hit.page.pk for hit in hits if type(hit.page) is Page]
    if plain:
        pages = {page.pk: page for page in Page.objects.filter(pk__in=plain).specific()}
        for hit in hits:
            if hit.page.pk in pages:
                hit.page = pages[hit.page.pk]
    return hits


# --- Re-ranking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One word of the query and what counts as finding it."""

    word: str
    exact: frozenset[str]  # the word and its stem (and its Greek reading if Greeklish)
    forms: frozenset[str]  # those and their sound-alike keys
    related: frozenset[str]  # forms of its synonyms

    @classmethod
    def of(cls, word: str) -> QueryWord:
        exact = {word, stem(word)}
        if has_latin(word) and not word.isdigit():
            greek = fold(transliterate(word))
            exact |= {greek, stem(greek)}
        forms = set(query_word_forms(word))
        related = {form for other in synonyms(word) for form in word_forms(other)}
        return cls(word, frozenset(exact), frozenset(forms), frozenset(related - forms))

    @property
    def strict_forms(self) -> list[str]:
        """The word and its stem; for Greeklish also its Greek reading and keys (it has no
        other spelling to be found by)."""
        if has_latin(self.word):
            return sorted(self.exact | self.forms)
        return sorted(self.exact)

    @property
    def all_forms(self) -> list[str]:
        return sorted(self.exact | self.forms | self.related)


# Points for where a query word is found, best first: the page's title (and what names it as
# much: a centre's towns), then what describes it nearly as well (a service's category and
# organisation), then the body; the word in any inflection, then a sound-alike, then a synonym.
POINTS = (
    ("title", "exact", 3.0),
    ("name", "exact", 2.6),
    ("title", "forms", 2.0),
    ("name", "forms", 1.8),
    ("title", "related", 1.6),
    ("name", "related", 1.3),
    ("body", "exact", 1.0),
    ("body", "forms", 0.6),
    ("body", "related", 0.5),
)


def _near(word: str, known: set[str]) -> bool:
    """Whether a page word is a typo away from ``word`` (for the tolerant pass only)."""
    limit = vocabulary.allowed_edits(word)
    return limit > 0 and any(vocabulary.distance(word, other, limit) <= limit for other in known)


# Points for a word a typo away from a page word (the tolerant pass only).
TYPO_POINTS = (("title", 1.2), ("name", 1.2), ("body", 0.4))


def _score(page: Page, words: list[QueryWord], phrase: str, tolerant: bool = False) -> float:
    """How well ``page`` answers the query: 0 when no word is found. ``tolerant`` also
    counts words a typo away, at a lower value, when strict matching found almost nothing."""
    page_words = page_word_sets(page)
    points = []
    for word in words:
        value = 0.0
        for place, kind, worth in POINTS:
            known = page_words[place]["exact" if kind == "exact" else "forms"]
            if known & getattr(word, kind):
                value = worth
                break
        if not value and tolerant:
            if _near(word.word, page_words["title"]["exact"] | page_words["name"]["exact"]):
                value = TYPO_POINTS[0][1]
            elif _near(word.word, page_words["body"]["exact"]):
                value = TYPO_POINTS[2][1]
        points.append(value)
    return _combine(points, page, phrase)


def _combine(points: list[float], page: Page, phrase: str) -> float:
    """The score from each query word's points on ``page``: the share of words found counts
    most, then their points; all the words, and the whole query in the title, add a bonus."""
    found = sum(value > 0 for value in points)
    if not found:
        return 0.0
    count = len(points)
    score = sum(points) / count + 2.0 * found / count
    if found == count:
        score += 1.0
    folded_title = fold(page.title)
    if count > 1 and phrase in folded_title:
        score += 1.5
    if folded_title == phrase:
        score += 1.0
    return round(score + KIND_BONUS[kind_of(page.specific_class)], 6)


def _sorted(hits: list[Hit]) -> list[Hit]:
    order = list(KINDS)
    # Ties keep the site's own order: the kind, then the page tree as editors arrange it.
    hits.sort(key=lambda hit: (-hit.score, order.index(hit.kind), hit.page.path))
    return hits


def _rank(pages: list[Page], words: list[QueryWord], tolerant: bool = False) -> list[Hit]:
    phrase = " ".join(word.word for word in words)
    hits = []
    for page in pages:
        score = _score(page, words, phrase, tolerant)
        if score > 0:
            hits.append(Hit(page=page, kind=kind_of(page.specific_class), score=score))
    return _sorted(hits)


# --- The term index (the database's fast path) ---------------------------------------------

FIELD_OF = dict(terms.FIELDS)


def _branches(word: QueryWord, typos: frozenset[str] = frozenset()) -> list[terms.Branch]:
    """POINTS as term-index branches (points times ten), then ``typos`` at TYPO_POINTS."""
    branches = [
        terms.Branch(getattr(word, kind), FIELD_OF[place], kind == "exact", round(worth * 10))
        for place, kind, worth in POINTS
    ]
    branches += [
        terms.Branch(typos, FIELD_OF[place], True, round(worth * 10))
        for place, worth in TYPO_POINTS
    ]
    return branches


def _term_candidates(
    locale: Locale, words: list[QueryWord], typos: list[frozenset[str]] | None = None
) -> dict[int, tuple]:
    """The best candidates of the few pages and of the many, with their points per word;
    among the many (services), the query's commonest terms do not drive the search."""
    typos = typos or [frozenset()] * len(words)
    branches = [_branches(word, near) for word, near in zip(words, typos, strict=True)]
    found = dict(terms.candidates(locale.pk, False, branches, CANDIDATES))
    every_term = {term for word in branches for branch in word for term in branch.terms}
    counts = terms.term_counts(locale.pk, True, every_term)
    found.update(terms.candidates(locale.pk, True, branches, CANDIDATES, counts))
    return found


def _typos(words: list[QueryWord], locale: Locale) -> list[frozenset[str]]:
    """For each query word, the words a typo away: on PostgreSQL, any page word ``pg_trgm``
    finds similar (titles and bodies; one query for all the words); elsewhere the title words
    (the vocabulary). Either way only those within the vocabulary's edit distance count, so
    both databases mean the same by a typo."""
    similar = terms.similar_words(locale.pk, [word.word for word in words])
    typos = []
    for word in words:
        limit = vocabulary.allowed_edits(word.word)
        near = {
            other
            for other in similar.get(word.word, [])
            if other != word.word and vocabulary.distance(word.word, other, limit) <= limit
        }
        if limit and not similar:  # no pg_trgm here: the titles' words
            near |= set(vocabulary.near(word.word, locale))
        typos.append(frozenset(near) if limit else frozenset())
    return typos


def _search_term_index(words: list[QueryWord], locale: Locale) -> tuple[list[Hit], bool]:
    """Candidates and their points from the term index (one query per group), the final
    score from those points and the titles; typos are tolerated only when strict matching
    found almost nothing, as on the other path."""
    found = _term_candidates(locale, words)
    tolerant = len(found) < FEW_RESULTS
    if tolerant:
        typos = _typos(words, locale)
        if any(typos):
            more = _term_candidates(locale, words, typos)
            found.update(more)  # the same branches and more: never fewer points
    phrase = " ".join(word.word for word in words)
    hits = []
    for page in _plain_pages(list(found), locale):
        score = _combine([value / 10 for value in found[page.pk]], page, phrase)
        if score > 0:
            hits.append(Hit(page=page, kind=kind_of(page.specific_class), score=score))
    return _sorted(hits), tolerant


def _term_index_answers() -> bool:
    """The term index answers unless Elasticsearch is configured and available."""
    from django.conf import settings

    if "terms" not in settings.WAGTAILSEARCH_BACKENDS:
        return False
    backend = get_search_backend("default")
    if getattr(backend, "fallback", None) is None:  # the database backend
        return True
    return backend.is_unavailable()


# --- The search ----------------------------------------------------------------------------


def _locale(language: str) -> Locale | None:
    code = (language or "").lower()
    locales = {locale.language_code.lower(): locale for locale in Locale.objects.all()}
    return locales.get(code) or locales.get(code.split("-")[0])


def _search(folded_words: list[str], locale: Locale) -> tuple[list[Hit], str, bool]:
    """The ranked hits, the backend that answered, and whether strict matching found so
    little that typos were tolerated (then a spelling suggestion is worth offering)."""
    words = [QueryWord.of(word) for word in folded_words]
    if _term_index_answers():
        hits, tolerant = _search_term_index(words, locale)
        return hits, "database", tolerant
    ids, backend = _candidate_ids(locale, words)
    tolerant = len(ids) < FEW_RESULTS
    if tolerant:
        seen = set(ids)
        ids += [pk for pk in _fuzzy_ids(searchable_pages(locale), folded_words) if pk not in seen]
    return _rank(_load(ids, locale), words, tolerant), backend, tolerant


def _fuzzy_ids(queryset, folded_words: list[str]) -> list[int]:
    """Candidates by similar spelling, where the backend can (PostgreSQL's ``pg_trgm``
    trigram similarity, Elasticsearch's fuzziness); none on SQLite, where the vocabulary's
    spelling correction does this job instead."""
    try:
        results, _backend = run_search(queryset, Fuzzy(" ".join(folded_words)))
        return [page.pk for page in results[:CANDIDATES]]
    except NotImplementedError:
        return []


def completed(query: str, language: str) -> str | None:
    """``query`` with its last, partly typed word completed from the titles' words (folded),
    or None when there is nothing to complete: for the autocomplete, when the query as typed
    finds nothing. A Greeklish beginning on a Greek site is read in Greek letters first."""
    words = query_words(clean(query))[:MAX_WORDS]
    locale = _locale(language)
    if not words or locale is None:
        return None
    last = words[-1]
    if has_latin(last) and not vocabulary.latin_script(locale):
        last = transliterate(last)
    whole = vocabulary.complete(last, locale)
    return " ".join([*words[:-1], whole]) if whole else None


def run(query: str, language: str, kinds: set[str] | None = None, limit: int = 200) -> Outcome:
    """Search the live public pages of ``language`` for ``query``; see the module docstring."""
    cleaned = clean(query)
    words = query_words(cleaned)[:MAX_WORDS]
    locale = _locale(language)
    if not words or locale is None:
        return Outcome(query=cleaned, hits=[], kind_counts={}, suggestion=None, backend="")

    hits, backend, tolerant = _search(words, locale)
    suggestion = None
    if tolerant or len(hits) < FEW_RESULTS:
        corrected = vocabulary.correct(words, locale)
        if corrected and corrected != words:
            suggestion = " ".join(vocabulary.display(corrected, locale))
            if not hits:
                hits, backend, _tolerant = _search(corrected, locale)

    counts = dict.fromkeys(KINDS, 0)
    for hit in hits:
        counts[hit.kind] += 1
    kind_counts = {kind: count for kind, count in counts.items() if count}
    if kinds:
        hits = [hit for hit in hits if hit.kind in kinds]
    return Outcome(
        query=cleaned,
        hits=hits[:limit],
        kind_counts=kind_counts,
        suggestion=suggestion,
        backend=backend,
    )
