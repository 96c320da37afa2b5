"""Spelling correction for search: the words of the site's titles, and the nearest one to a typo.

Why in Python: typo tolerance must also work on SQLite, which has no fuzzy matching, and
"did you mean" needs a real word to offer, not just looser matching. The vocabulary is every
folded word of the titles of the searchable live pages of one language (small even with
100 000 services: titles repeat their words), built with one query and cached until a page is
published, unpublished, moved or deleted. A query word that is not in it is replaced by the
nearest vocabulary word within a small edit distance (one edit for short words, two for long
ones), preferring the more frequent word, then the alphabetically first — so the choice is
deterministic.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.indexing import STOP_WORDS, stem
from search.kinds import searchable_pages
from search.normalise import fold, has_latin

GENERATION_KEY = "search-vocabulary-generation"
CACHE_SECONDS = 24 * 60 * 60
MIN_WORD = 4  # shorter words are corrected into too many others
MIN_PREFIX = 3  # a shorter beginning completes to too many words to guess one


def _generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.set(GENERATION_KEY, value, None)
    return value


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _changed(**kwargs):
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _page_deleted(sender, instance, **kwargs):
    _changed()


# Deleting a page of any type deletes its ``Page`` row too, which sends this. A receiver for
# every sender would cost far more: Django could then no longer delete any model's rows with one
# statement, and would load each row and signal it (the term index rewrites thousands a page).
post_delete.connect(_page_deleted, sender=Page, dispatch_uid="search-vocabulary-page-deleted")


def words(locale) -> dict[str, tuple[int, str]]:
    """Folded word → (how many titles use it, the spelling most titles use)."""
    key = f"search-vocabulary:{locale.pk}:{_generation()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    # Each distinct title once, with how many pages have it: services repeat their titles
    # («Νομική συμβουλευτική» in every municipality), so this reads far fewer rows.
    titles = (
        searchable_pages(locale)
        .filter(alias_of__isnull=True)
        .values("title")
        .annotate(pages=Count("id"))
        .values_list("title", "pages")
        .order_by()
    )
    for title, pages in titles.iterator(chunk_size=2000):
        for raw in title.replace("/", " ").split():
            raw = raw.strip(".,;:!?«»\"'()[]")
            word = fold(raw)
            if len(word) < MIN_WORD or " " in word or word in STOP_WORDS:
                continue
            counts[word] += pages
            spellings.setdefault(word, Counter())[raw.lower()] += pages
    vocabulary = {
        word: (count, min(spellings[word].items(), key=lambda item: (-item[1], item[0]))[0])
        for word, count in counts.items()
    }
    cache.set(key, vocabulary, CACHE_SECONDS)
    return vocabulary


def distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count once), or ``limit + 1`` when over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """How many edits a word may be away and still count as a typo of it (0: none)."""
    if len(word) < MIN_WORD or word.isdigit():
        return 0
    return 1 if len(word) <= 6 else 2


def nearest(word: str, vocabulary: dict[str, tuple[int, str]], latin: bool = False) -> str | None:
    """The vocabulary word nearest to ``word``, or None if none is near enough. A word in
    Latin letters is corrected only if ``latin`` (on a site in a Latin-script language; on the
    Greek site it is Greeklish, which transliteration reads, not a misspelling)."""
    if len(word) < MIN_WORD or word.isdigit() or (has_latin(word) and not latin):
        return None
    limit = allowed_edits(word)
    best = None
    for candidate, (count, _spelling) in vocabulary.items():
        if has_latin(candidate) != has_latin(word):
            continue
        d = distance(word, candidate, limit)
        if d <= limit:
            rank = (d, -count, candidate)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


def near(word: str, locale) -> list[str]:
    """Every title word a typo away from ``word`` (none if the titles know the word)."""
    if len(word) < MIN_WORD or word.isdigit():
        return []
    vocabulary = words(locale)
    if word in vocabulary:
        return []
    limit = allowed_edits(word)
    latin = has_latin(word)
    return sorted(
        candidate
        for candidate in vocabulary
        if has_latin(candidate) == latin and distance(word, candidate, limit) <= limit
    )


def correct(query_words: list[str], locale) -> list[str] | None:
    """The query with each word the titles do not know replaced by the nearest one they do.

    A word is known if it, or a title word sharing its stem, is in the vocabulary.
    """
    vocabulary = words(locale)
    stems = {stem(word) for word in vocabulary}
    latin = latin_script(locale)
    corrected = []
    for word in query_words:
        if word in vocabulary or stem(word) in stems:
            corrected.append(word)
            continue
        corrected.append(nearest(word, vocabulary, latin) or word)
    return corrected


def complete(prefix: str, locale) -> str | None:
    """The title word a partly typed ``prefix`` most likely is: the most frequent one that
    starts with it (then the alphabetically first), or None. For the autocomplete, where the
    last word is still being typed: «ψυχολ» is not a word, nor a typo of one, but
    «ψυχολογική» starts with it. Folded in, folded out; at least ``MIN_PREFIX`` letters."""
    if len(prefix) < MIN_PREFIX or prefix.isdigit():
        return None
    best = None
    for word, (count, _spelling) in words(locale).items():
        if word.startswith(prefix) and word != prefix:
            rank = (-count, word)
            if best is None or rank < best:
                best = rank
    return best[1] if best else None


def latin_script(locale) -> bool:
    """Whether the locale's language is written in Latin letters (English: yes; Greek: no)."""
    from django.utils.translation import get_language_info

    try:
        name = get_language_info(locale.language_code)["name_local"]
    except KeyError:
        return False
    return has_latin(fold(name))


def display(folded_words: list[str], locale) -> list[str]:
    """The folded words as titles spell them (with accents), where the vocabulary knows them."""
    vocabulary = words(locale)
    return [vocabulary[word][1] if word in vocabulary else word for word in folded_words]
