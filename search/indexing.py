"""Normalised search text: what every searchable page indexes next to its own fields.

Why: no backend understands the ways residents write Greek. SQLite's FTS5 keeps Greek accents,
PostgreSQL's ``greek`` configuration stems but does not know Greeklish, Elasticsearch's default
analyser keeps accents. So each page also indexes one extra field, ``search_normalised``, made
here in plain Python, and every query is analysed by the same functions (:func:`query_words`).
Whatever the backend, a query word then meets the page if any of its *forms* is an indexed word:

* the folded word (lower case, no accents, final sigma as σ): «Κέντρο» → ``κεντρο``;
* its light stem (a few Greek inflection endings cut off): «Χανίων», «Χανιά» → ``χαν``;
* the sound-alike keys of the word and of its stem (``search.normalise.phonetic_key``), so
  vowel confusions («κινοτητας») and Greeklish («kentro koinotitas xania») meet Greek text.

The field is a method (Wagtail indexes a callable's result), so it is always made from the
page as saved: publishing re-indexes it through Wagtail's signal handlers, and
``manage.py update_index`` rebuilds it. Models say which of their fields feed it in
``search_normalised_fields`` (names of attributes; rich text is stripped of its tags).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from django.utils.html import strip_tags
from wagtail.search import index

from core.pages import parent_titles
from search.normalise import fold, has_latin, phonetic_key, phonetic_keys, transliterate

# Inflection endings cut off Greek words (folded, so ς is σ), longest first. Deliberately
# light: only endings of the common noun and adjective declensions, and never so much that
# fewer than MIN_STEM letters are left. Over-stemming would join unrelated words; a missed
# ending only costs recall that the phonetic keys often win back.
GREEK_ENDINGS = tuple(
    sorted(
        {
            "ιων", "ιεσ", "ιασ", "ιου", "ια", "ιο", "ιοι", "ιουσ",
            "ων", "εσ", "ασ", "οσ", "ου", "ησ", "ουσ", "οι", "εων", "εισ", "ει",
            "α", "ε", "η", "ι", "ο", "υ", "ω",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
# English plural and verb endings, for English pages (English has no accents to fold).
LATIN_ENDINGS = ("ies", "ing", "es", "ed", "s", "e")
MIN_STEM = 3

# Words too common to help find a page; dropped from queries (not from the index) unless the
# query has nothing else.
STOP_WORDS = frozenset(
    fold(word)
    for word in [
        "ο",
        "η",
        "το",
        "οι",
        "τα",
        "του",
        "της",
        "των",
        "τον",
        "την",
        "τους",
        "τις",
        "και",
        "ή",
        "για",
        "με",
        "σε",
        "στο",
        "στη",
        "στην",
        "στον",
        "στα",
        "στους",
        "στις",
        "από",
        "ένα",
        "μια",
        "μία",
        "ενός",
        "να",
        "θα",
        "που",
        "πως",
        "ως",
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "is",
        "are",
    ]
)

MAX_KEYS_PER_WORD = 8  # Greeklish letters with two readings multiply; keep the likeliest few
WORD = re.compile(r"\w+")


def _is_greek_word(word: str) -> bool:
    return not has_latin(word) and any(not char.isdigit() for char in word)


# Neuter nouns in -μα keep a τ in their other forms: «επίδομα», «επιδόματα», «επιδομάτων».
GREEK_MA_ENDINGS = ("ματων", "ματοσ", "ματα")


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The light stem of one folded word: «χανιων» and «χανια» are both ``χαν``."""
    if not has_latin(word):
        for ending in GREEK_MA_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) + 1 >= MIN_STEM:
                return word[: -len(ending)] + "μ"
    endings = LATIN_ENDINGS if has_latin(word) else GREEK_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=16384)
def word_forms(word: str) -> tuple[str, ...]:
    """Every indexed form of one folded word (the word, its stem, and their keys)."""
    forms = [word]
    if word.isdigit():
        return tuple(forms)
    stemmed = stem(word)
    forms.append(stemmed)
    if _is_greek_word(word):
        forms += [phonetic_key(word), phonetic_key(stemmed)]
    return tuple(dict.fromkeys(form for form in forms if form))


def normalised_text(texts: Iterable[str]) -> str:
    """The text to index for ``texts``: each word's forms, each form once, in reading order."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        text = str(text)
        for word in fold(strip_tags(text) if "<" in text else text).split():
            for form in word_forms(word):
                seen.setdefault(form, None)
    return " ".join(seen)


def query_word_forms(word: str) -> tuple[str, ...]:
    """The forms of one folded query word, any of which meeting an indexed form is a match.

    A Greek word has exactly the forms it would be indexed with. A Latin word may be English
    or Greeklish, so it keeps its own forms (English pages) and adds those of its Greek
    transliteration and its sound-alike keys (both readings of ambiguous letters, capped).
    """
    forms = list(word_forms(word))
    if has_latin(word) and not word.isdigit():
        greek = fold(transliterate(word))
        forms += word_forms(greek)
        forms += sorted(phonetic_keys(word, limit=MAX_KEYS_PER_WORD))
    return tuple(dict.fromkeys(form for form in forms if form))


def query_words(query: str) -> list[str]:
    """The folded words of a query that count: stop words dropped unless nothing else is left."""
    words = fold(query).split()
    kept = [word for word in words if word not in STOP_WORDS]
    return list(dict.fromkeys(kept or words))


class NormalisedSearchMixin(index.Indexed):
    """Adds the ``search_normalised`` field to a page model's index.

    A model lists where its text comes from, as attribute names or ``relation.attribute``
    paths (every related object's attribute, e.g. ``"branches.street_address"``):

    ``search_title_fields``
        Text that names the page as much as its title does (a centre's municipality and the
        towns of its branches). The title is always included.
    ``search_name_fields``
        Text that describes the page nearly as well (a service's categories).
    ``search_parent_title``
        True if the parent page's title describes the page like a name field (a service is
        found by its organisation's name and town).
    ``search_body_fields``
        The rest of its searchable text.

    Models add ``NORMALISED_SEARCH_FIELD`` to their ``search_fields``. The engine re-ranks
    candidates from the same texts (:meth:`search_texts`), prefetching the relations first.
    """

    search_title_fields: tuple[str, ...] = ()
    search_name_fields: tuple[str, ...] = ()
    search_body_fields: tuple[str, ...] = ()
    search_parent_title = False

    def search_normalised(self) -> str:
        """Folded words, stems and sound-alike keys of the page's searchable text."""
        return normalised_text([text for texts in self.search_texts() for text in texts])

    def search_texts(self) -> tuple[list[str], list[str], list[str]]:
        """(title-like, name-like, body) texts as plain text; the title comes first."""
        title = [self.title, *_texts(self, self.search_title_fields)]
        names = _texts(self, self.search_name_fields)
        if self.search_parent_title:
            parent_title = getattr(self, "_search_parent_title", None)
            if parent_title is None and self.pk and not self.is_root():
                parent = self.get_parent()
                parent_title = parent.title if parent else ""
            names.append(parent_title or "")
        return (
            [text for text in title if text],
            [text for text in names if text],
            _texts(self, self.search_body_fields),
        )

    @classmethod
    def search_relations(cls) -> list[str]:
        """The relations the texts read, for ``prefetch_related_objects``."""
        paths = [*cls.search_title_fields, *cls.search_name_fields, *cls.search_body_fields]
        return sorted({path.split(".", 1)[0] for path in paths if "." in path})


def prepare_texts(pages: list) -> None:
    """Fetch what ``search_texts`` reads for many pages at once: each model's relations (one
    query per relation) and the parents' titles (one query), so reading the texts of a
    hundred pages costs a handful of queries, not hundreds."""
    from django.db.models import prefetch_related_objects

    by_class: dict[type, list] = {}
    for page in pages:
        by_class.setdefault(type(page), []).append(page)
    for model, group in by_class.items():
        relations = model.search_relations() if hasattr(model, "search_relations") else []
        if relations:
            prefetch_related_objects(group, *relations)
    wanting_parent = [page for page in pages if getattr(page, "search_parent_title", False)]
    if wanting_parent:
        titles = parent_titles(wanting_parent)
        for page in wanting_parent:
            page._search_parent_title = titles.get(page.path, "")


def page_word_sets(page) -> dict[str, dict[str, set[str]]]:
    """For the title-like, name-like and body texts of a page: its ``exact`` words (folded,
    and their stems) and all its indexed ``forms`` (those and the sound-alike keys)."""
    if hasattr(page, "search_texts"):
        title, names, body = page.search_texts()
    else:
        title, names, body = [page.title], [], []
    out = {}
    for name, texts in (("title", title), ("name", names), ("body", body)):
        words = set(fold(" ".join(texts)).split())
        out[name] = {
            "exact": words | {stem(word) for word in words},
            "forms": set(normalised_text(texts).split()),
        }
    return out


def _texts(obj, paths: Iterable[str]) -> list[str]:
    """The plain texts at ``paths``. Related objects of another language (a synchronised
    category still in Greek on an English page) are left out: a page is found by its own
    language's words only."""
    texts = []
    locale_id = getattr(obj, "locale_id", None)
    for path in paths:
        if "." in path:
            relation, attribute = path.split(".", 1)
            values = [
                getattr(item, attribute, "")
                for item in getattr(obj, relation).all()
                if getattr(item, "locale_id", locale_id) == locale_id
            ]
        else:
            values = [getattr(obj, path, "")]
        texts += [_plain(value) for value in values if value]
    return [text for text in texts if text]


def _plain(value) -> str:
    """Rich text, StreamField values and plain strings as plain text."""
    if hasattr(value, "raw_data") or hasattr(value, "stream_data"):
        value = " ".join(_stream_strings(value.raw_data))
    value = str(value)
    return strip_tags(value) if "<" in value else value


def _stream_strings(data) -> list[str]:
    """Every string inside a StreamField's raw data (block values, nested structs, lists)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        items = data.get("value", data) if "type" in data else data
        if isinstance(items, dict):
            return [s for key, v in items.items() if key != "id" for s in _stream_strings(v)]
        return _stream_strings(items)
    if isinstance(data, list | tuple) or hasattr(data, "__iter__"):
        return [s for item in data for s in _stream_strings(item)]
    return []


NORMALISED_SEARCH_FIELD = index.SearchField("search_normalised")
