"""Greek text normalisation, shared by the finder, the directory and site search.

Residents type "Αξιούπολη", "αξιουπολη", "ΑΞΙΟΥΠΟΛΗ", "axioupoli" or "aksioupoli" and mean the
same town. Three tools make those meet:

- ``fold``: lower case, accents and dialytika removed, final sigma folded, punctuation tidied.
  Indexed text and queries are folded the same way, so accents and capitals never matter.
- ``phonetic_key`` / ``phonetic_keys``: a sound-alike skeleton shared by Greek and Greeklish
  (η, ι, υ, ει, οι → i; ο, ω → o; αι, ε → e; μπ → b; χ → h; ξ → ks …). Greeklish letters that
  stand for more than one Greek letter (x: χ or ξ; h: χ or η; u: ου or υ; b: β or μπ) give
  several candidate keys, and a match on any of them counts.
- ``transliterate``: one best-guess Greek spelling of Greeklish (ELOT 743 plus the informal
  conventions), used as an extra search query.

Standard library only: cheap, deterministic, and usable at index time and at query time.
"""

from __future__ import annotations

import functools
import re
import unicodedata

FINAL_SIGMA = str.maketrans({"ς": "σ"})
NOT_WORD = re.compile(r"[^\w]+|_", re.UNICODE)
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
LATIN = re.compile(r"[a-zA-Z]")

# Greek → skeleton. Longest match first (digraphs before single letters).
GREEK_DIGRAPHS = {
    "ου": "u",
    "οι": "i",
    "ει": "i",
    "υι": "i",
    "αι": "e",
    "αυ": "av",
    "ευ": "ev",
    "ηυ": "iv",
    "μπ": "b",
    "ντ": "d",
    "γκ": "g",
    "γγ": "g",
    "γχ": "nh",
    "τσ": "ts",
    "τζ": "tz",
}
GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
}  # fmt: skip

# Greeklish → skeleton alternatives, longest match first. The first alternative is the usual one.
LATIN_RULES = {
    "th": ("th", "ti"), "ch": ("h",), "kh": ("h",), "ps": ("ps",), "ks": ("ks",),
    "ou": ("u",), "oy": ("u",), "oi": ("i",), "ei": ("i",), "ai": ("e",),
    "mp": ("b",), "mb": ("b",), "nt": ("d",), "nd": ("d",), "gk": ("g",), "gg": ("g",),
    "ts": ("ts",), "tz": ("tz",), "ph": ("f",), "ck": ("k",),
    "8": ("th",), "3": ("ks",),
    "a": ("a",), "b": ("v", "b"), "c": ("k",), "d": ("d",), "e": ("e",), "f": ("f",),
    "g": ("g",), "h": ("h", "i"), "i": ("i",), "j": ("g",), "k": ("k",), "l": ("l",),
    "m": ("m",), "n": ("n",), "o": ("o",), "p": ("p",), "q": ("k",), "r": ("r",),
    "s": ("s",), "t": ("t",), "u": ("u", "i"), "v": ("v",), "w": ("o",), "x": ("h", "ks"),
    "y": ("i",), "z": ("z",),
}  # fmt: skip

# Greeklish → Greek best guess, for ``transliterate``.
TO_GREEK = {
    "th": "θ", "ch": "χ", "kh": "χ", "ps": "ψ", "ks": "ξ", "ou": "ου", "ph": "φ",
    "8": "θ", "3": "ξ",
    "a": "α", "b": "μπ", "c": "κ", "d": "δ", "e": "ε", "f": "φ", "g": "γ", "h": "η",
    "i": "ι", "j": "τζ", "k": "κ", "l": "λ", "m": "μ", "n": "ν", "o": "ο", "p": "π",
    "q": "κ", "r": "ρ", "s": "σ", "t": "τ", "u": "ου", "v": "β", "w": "ω", "x": "χ",
    "y": "υ", "z": "ζ",
}  # fmt: skip
GREEK_VOWELS = set("αεηιουω")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, no accents or dialytika, final sigma as σ, words separated by one space."""
    text = strip_accents(text).casefold().translate(FINAL_SIGMA)
    return " ".join(NOT_WORD.sub(" ", text).split())


def has_greek(text: str) -> bool:
    return bool(GREEK.search(text))


def has_latin(text: str) -> bool:
    return bool(LATIN.search(text))


def collapse_doubles(text: str) -> str:
    """"ss" → "s": doubled letters are spelt inconsistently in both scripts."""
    return re.sub(r"([a-z])\1+", r"\1", text)


H_DIGRAPH_STARTS = set("tckp")  # th, ch, kh, ph win over nt, ts, ck, mp before an h


def _match(rules: dict, text: str, position: int) -> tuple[str, object] | None:
    for length in (2, 1):
        chunk = text[position : position + length]
        if len(chunk) != length or chunk not in rules:
            continue
        following = text[position + length : position + length + 1]
        if length == 2 and chunk[1] in H_DIGRAPH_STARTS and following == "h":
            continue  # "anthi" is a-n-th-i, not a-nt-h-i
        return chunk, rules[chunk]
    return None


@functools.lru_cache(maxsize=4096)
def phonetic_key(text: str) -> str:
    """The sound-alike skeleton of (mostly Greek) text; Latin letters take their usual value."""
    folded = fold(text)
    out = []
    position = 0
    while position < len(folded):
        found = _match(GREEK_DIGRAPHS, folded, position)
        if found:
            out.append(found[1])
            position += len(found[0])
            continue
        latin = _match(LATIN_RULES, folded, position)
        if latin and not has_greek(folded[position]):
            out.append(latin[1][0])
            position += len(latin[0])
            continue
        char = folded[position]
        out.append(GREEK_LETTERS.get(char, char))
        position += 1
    return collapse_doubles("".join(out))


def phonetic_keys(text: str, limit: int = 64) -> set[str]:
    """Every skeleton the text may stand for: one for Greek, a few for Greeklish."""
    folded = fold(text)
    if not folded:
        return set()
    if not has_latin(folded):
        return {phonetic_key(folded)}
    variants = [""]
    position = 0
    while position < len(folded):
        found = _match(LATIN_RULES, folded, position)
        if found is None:
            chunk, options = folded[position], (GREEK_LETTERS.get(folded[position], folded[position]),)
            if has_greek(chunk):
                digraph = _match(GREEK_DIGRAPHS, folded, position)
                if digraph:
                    chunk, options = digraph[0], (digraph[1],)
        else:
            chunk, options = found
        if len(variants) * len(options) > limit:
            options = options[:1]
        variants = [v + option for v in variants for option in options]
        position += len(chunk)
    return {collapse_doubles(v) for v in variants}


def transliterate(text: str) -> str:
    """A best-guess Greek spelling of Greeklish text (lower case, no accents)."""
    folded = fold(text)
    if not has_latin(folded):
        return folded
    words = []
    for word in folded.split(" "):
        out = []
        position = 0
        while position < len(word):
            found = _match(TO_GREEK, word, position)
            if found is None:
                out.append(word[position])
                position += 1
                continue
            chunk, greek = found
            if chunk == "h" and position == 0 and word[1:2] in set("aeiouy"):
                greek = "χ"  # "hania" → χανια; elsewhere h is usually η ("hrakleio", "kentrh")
            out.append(greek)
            position += len(chunk)
        greek_word = "".join(out)
        if greek_word.endswith("σ"):
            greek_word = greek_word[:-1] + "ς"
        words.append(greek_word)
    return " ".join(words)


def search_terms(text: str) -> list[str]:
    """What to search for: the folded text, and its Greek transliteration if it has Latin."""
    terms = [fold(text)]
    if has_latin(text):
        terms.append(fold(transliterate(text)))
    seen: list[str] = []
    for term in terms:
        if term and term not in seen:
            seen.append(term)
    return seen
