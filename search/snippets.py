"""The line of text under each search result, with the words the resident typed marked.

Why this exists: a title alone rarely says why a page matched. We pick the one sentence of the
page's own text (its search description, summary, intro, description, then body) that holds the
most of the query's words and wrap those words in ``<mark>``.

Matching is done on folded text (:func:`search.normalise.fold`: no accents, lower case, final
sigma as σ) so "κεντρο" marks "Κέντρο" and "ΚΟΙΝΟΤΗΤΑΣ" marks "κοινότητας". Folding can change
a text's length (a combining accent disappears, "ﬁ" becomes "fi"), so every folded character
remembers which original character it came from, and the marks are put back on the original
text. Every piece of the original is HTML-escaped on the way out; the only markup we add is
``<mark>`` and ``</mark>``, always in pairs.

No model is imported here: a page is read through ``getattr`` for the fields below.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from search.normalise import fold

# Where a page keeps text a resident would recognise, best first.
TEXT_FIELDS = (
    "search_description",
    "summary",
    "intro",
    "description",
    "body",
    "aims",
    "results",
    "eligibility",
    "how_to_apply",
    "referral",
)
MAX_SOURCE_CHARS = 20_000  # a very long body is read only this far
MAX_SNIPPET_CHARS = 240
CONTEXT_BEFORE = 60  # characters kept before the first mark when a sentence is cut
MIN_TERM_CHARS = 2
MIN_STEM_CHARS = 4
# Greek (folded) and Latin endings dropped to find a word's other forms: "κοινοτητασ" marks
# "κοινότητα" and "κοινότητες"; "centres" marks "centre".
ENDING_LETTERS = "αεηιουωσνs"
SENTENCE_END = re.compile(r"(?<=[.!?;;…])\s+|\n+")


def _fold_char(char: str) -> str:
    """The folded form of one character: "" for a mark (it belongs to the letter before), a
    space for anything that is not part of a word."""
    if unicodedata.category(char).startswith("M"):
        return ""
    folded = fold(char)
    return folded if folded else " "


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character the index of the
    original character it came from."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return "".join(pieces), origins


def _stem(word: str) -> str:
    """Drop up to two ending letters, never below ``MIN_STEM_CHARS``."""
    for _ in range(2):
        if len(word) > MIN_STEM_CHARS and word[-1] in ENDING_LETTERS:
            word = word[:-1]
    return word


def prepare_terms(terms: Iterable[str]) -> list[str]:
    """Folded, stemmed, distinct words to look for, longest first."""
    words: set[str] = set()
    for term in terms:
        for word in fold(str(term)).split():
            if len(word) >= MIN_TERM_CHARS:
                words.add(_stem(word))
    return sorted(words, key=lambda word: (-len(word), word))


def _spans(folded: str, origins: list[int], text: str, words: list[str]) -> list[tuple[int, int]]:
    """Original-text spans of every word that starts with one of ``words``, merged."""
    found: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            if start == 0 or folded[start - 1] == " ":
                end = start + len(word)
                while end < len(folded) and folded[end] != " ":
                    end += 1  # mark the whole word the term begins
                first, last = origins[start], origins[end - 1] + 1
                while last < len(text) and _fold_char(text[last]) == "":
                    last += 1  # keep trailing combining accents inside the mark
                found.append((first, last))
            start = folded.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for first, last in sorted(found):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` HTML-escaped, with each word that begins with one of ``terms`` (accents and case
    ignored) wrapped in ``<mark>``."""
    text = str(text)
    words = prepare_terms(terms)
    if not words:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    folded, origins = _folded_with_origins(text)
    out: list[str] = []
    position = 0
    for first, last in _spans(folded, origins, text, words):
        out.append(escape(text[position:first]))
        out.append("<mark>" + escape(text[first:last]) + "</mark>")
        position = last
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def _plain(value) -> str:
    """Readable text of a field value: a string (HTML or not), rich text or a StreamField."""
    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)
    if raw is not None:  # a StreamField: every string inside its blocks, in order
        value = " \n".join(_strings(list(raw)))
    elif not isinstance(value, str):
        value = getattr(value, "source", None) or str(value)  # RichText keeps its HTML source
    value = value[:MAX_SOURCE_CHARS]
    # Block-level tags end a sentence; the rest of the markup goes.
    value = re.sub(r"(?i)<\s*(br|/p|/li|/h[1-6]|/div|/tr)\b[^>]*>", "\n", value)
    return html.unescape(strip_tags(value))


def _strings(data) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, item in data.items():
            if key not in ("type", "id"):
                yield from _strings(item)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def page_texts(page) -> list[str]:
    """The page's own texts, best source first, empty ones left out."""
    texts = []
    for name in TEXT_FIELDS:
        try:
            text = _plain(getattr(page, name, None))
        except Exception:  # noqa: BLE001, S112 - a field we cannot read gives no snippet
            continue
        text = text.strip()
        if text:
            texts.append(text)
    return texts


def _sentences(text: str) -> list[str]:
    return [" ".join(part.split()) for part in SENTENCE_END.split(text) if part.strip()]


def _score(sentence: str, words: list[str]) -> tuple[int, int]:
    """(distinct words found, all occurrences) at word starts in the folded sentence."""
    folded = " " + fold(sentence)
    counts = [folded.count(" " + word) for word in words]
    return sum(1 for count in counts if count), sum(counts)


def _cut(sentence: str, words: list[str]) -> str:
    """At most ``MAX_SNIPPET_CHARS`` of the sentence, around its first matched word."""
    if len(sentence) <= MAX_SNIPPET_CHARS:
        return sentence
    folded, origins = _folded_with_origins(sentence)
    spans = _spans(folded, origins, sentence, words) if words else []
    start = max(0, spans[0][0] - CONTEXT_BEFORE) if spans else 0
    if start:
        space = sentence.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = start + MAX_SNIPPET_CHARS
    if end < len(sentence):
        space = sentence.rfind(" ", start, end)
        end = space if space > start else end
    return (
        ("…" if start else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")
    )


def best_sentence(texts: Iterable[str], terms: Iterable[str]) -> str:
    """The sentence holding most of the query's words (the earliest source wins a tie), cut
    to length; the first sentence when none holds any; "" when there is no text at all."""
    words = prepare_terms(terms)
    best, best_score, first = "", (0, 0), ""
    for text in texts:
        for sentence in _sentences(text):
            first = first or sentence
            if not words:
                break
            score = _score(sentence, words)
            if score > best_score:
                best, best_score = sentence, score
        if first and not words:
            break
    return _cut(best or first, words)


def snippet(page, terms: Iterable[str]) -> SafeString:
    """The best sentence of ``page`` for ``terms``, HTML-escaped and with ``<mark>``."""
    terms = list(terms)
    return highlight(best_sentence(page_texts(page), terms), terms)
