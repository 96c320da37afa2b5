"""Greek text normalisation, shared by the nearest-centre finder and site search.

Why this exists: residents type the same word in many ways. "Αξιούπολη", "αξιουπολη",
"ΑΞΙΟΥΠΟΛΗ", "Axioupoli" and "Aksioupoli" all mean the same town, and the site must find it
whichever one arrives. Accents are often left out on phones, capitals drop them altogether,
final sigma (ς) is a separate letter, and many people write Greek in Latin letters
("Greeklish") with no fixed spelling: ξ may be "x", "ks" or "3", θ may be "th" or "8", η may be
"i" or "h", and χ may be "x", "ch" or "h".

Three layers make those spellings meet:

``fold``
    Lower case, no accents or dialytika, final sigma as σ, punctuation turned into single
    spaces. Indexed text and queries are folded the same way, so accents and capitals never
    matter.
``phonetic_key`` / ``phonetic_keys``
    A sound-alike skeleton in a small Latin alphabet. Greek letters that sound alike share a
    symbol (η, ι, υ, ει, οι → i; ο, ω → o; αι, ε → e) and doubled letters count once, so
    "Πολύκαστρο" and "Πολυκαστρο" give the same key. Greeklish letters that stand for more than
    one Greek sound (x: χ or ξ; h: χ or η; u: ου or υ; b: μπ or β) give several candidate keys,
    and a match on any of them counts. Greek has exactly one key.
``transliterate`` / ``search_terms``
    One best-guess Greek spelling of Greeklish (ELOT 743 plus informal habits), used as an
    extra full-text query next to the folded original.

Standard library only and free of Django, so it is cheap, deterministic and usable both at
index time and at query time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

# --- Rule tables ---------------------------------------------------------------------------
# Each table is matched longest first, left to right, one word at a time.

# Greek → skeleton. Vowel digraphs and the consonant clusters that make one sound.
GREEK_DIGRAPHS: Mapping[str, str] = {
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
GREEK_LETTERS: Mapping[str, str] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
}  # fmt: skip

# Greeklish → skeleton alternatives. The first alternative is the usual reading; it is the one
# ``phonetic_key`` takes. Multi-letter entries win over their parts.
LATIN_TRIGRAPHS: Mapping[str, tuple[str, ...]] = {
    "nth": ("nth", "di"),  # "Xanthi" is ξ-α-ν-θ-η, not ξ-α-ντ-η; "KENTHS" (ντη) in capitals
    "mph": ("mf", "bi"),  # "Nymphi" is νυμφη
    "mps": ("mps",),  # "Lampsi" is λαμψη: μψ, not μπ-σ
    "gch": ("nh",),  # "Agchialos" is αγχιαλος, like γχ
    "gkh": ("nh",),
}
LATIN_DIGRAPHS: Mapping[str, tuple[str, ...]] = {
    # An "h" after t/k/p may be the Latin-looking capital Η: "KOINOTHTAS" is ΚΟΙΝΟΤΗΤΑΣ.
    "th": ("th", "ti"),
    "ch": ("h",),
    "kh": ("h", "ki"),
    "ph": ("f", "pi"),
    "ps": ("ps",),
    "ks": ("ks",),
    "ts": ("ts",),
    "tz": ("tz",),
    "ou": ("u",),
    "oy": ("u",),
    "oi": ("i",),
    "ei": ("i",),
    "ai": ("e",),
    # αυ/ευ are written "av", "af", "au" (and ευ likewise); "af"/"ef" may also be plain α-φ/ε-φ.
    "au": ("av", "au"),
    "eu": ("ev", "eu"),
    "af": ("af", "av"),
    "ef": ("ef", "ev"),
    "mp": ("b",),
    "mb": ("b", "mv"),  # "Lambros" (μπ) or "Kolymbari" (μβ)
    "nt": ("d",),
    "nd": ("d", "nd"),  # "Kendro" (ντ) or "Andreas" (νδ)
    "gk": ("g",),
    "gg": ("g",),
    "ng": ("g", "ng"),  # "Angeliki" is αγγελικη
    "ck": ("k",),
}
LATIN_LETTERS: Mapping[str, tuple[str, ...]] = {
    "a": ("a",), "b": ("b", "v"), "c": ("k",), "d": ("d",), "e": ("e",), "f": ("f",),
    "g": ("g",), "h": ("h", "i"), "i": ("i",), "j": ("g", "tz"), "k": ("k",), "l": ("l",),
    "m": ("m",), "n": ("n",), "o": ("o",), "p": ("p",), "q": ("k",), "r": ("r",),
    "s": ("s",), "t": ("t",), "u": ("u", "i"), "v": ("v",), "w": ("o",), "x": ("h", "ks"),
    "y": ("i",), "z": ("z",),
}  # fmt: skip
# Digits that stand for letters by their shape, when alone inside a Latin word ("8essaloniki",
# "3anthi"). The digit itself stays a possibility ("3is" may be "3ης").
LATIN_DIGIT_LETTERS: Mapping[str, tuple[str, ...]] = {"8": ("th", "8"), "3": ("ks", "3")}

# Every rule for keys, Greek ones with their single reading.
KEY_RULES: Mapping[str, tuple[str, ...]] = {
    **{greek: (key,) for greek, key in GREEK_DIGRAPHS.items()},
    **{greek: (key,) for greek, key in GREEK_LETTERS.items()},
    **LATIN_TRIGRAPHS,
    **LATIN_DIGRAPHS,
    **LATIN_LETTERS,
}

# Greeklish → Greek, for ``transliterate`` (ELOT 743 plus informal conventions).
TO_GREEK: Mapping[str, str] = {
    "th": "θ", "ch": "χ", "kh": "χ", "ph": "φ", "ps": "ψ", "ks": "ξ", "ou": "ου", "ck": "κ",
    "a": "α", "b": "μπ", "c": "κ", "d": "δ", "e": "ε", "f": "φ", "g": "γ", "h": "η",
    "i": "ι", "j": "τζ", "k": "κ", "l": "λ", "m": "μ", "n": "ν", "o": "ο", "p": "π",
    "q": "κ", "r": "ρ", "s": "σ", "t": "τ", "u": "ου", "v": "β", "w": "ω", "x": "χ",
    "y": "υ", "z": "ζ",
}  # fmt: skip
TO_GREEK_DIGITS: Mapping[str, str] = {"8": "θ", "3": "ξ"}
WORD_START_H = "χ"  # "hania" → χανια; elsewhere h is usually η ("hrakleio", "kentrh")
LATIN_VOWELS = frozenset("aeiouyw")

DOUBLED_LETTER = re.compile(r"([^\W\d_])\1+")


# --- Folding -------------------------------------------------------------------------------


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category.startswith("L") or category == "Nd"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not _is_mark(char))


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents and dialytika removed, final sigma as σ, one space between words.

    Marks are stripped before casefolding too, so the silent iota subscript (ᾳ) does not turn
    into a spoken ι.
    """
    text = _strip_marks(_strip_marks(text).casefold()).replace("ς", "σ")
    spaced = "".join(char if _is_word_char(char) else " " for char in text)
    return " ".join(spaced.split())


# --- Script detection ----------------------------------------------------------------------


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ")


def _is_greek(char: str) -> bool:
    return unicodedata.name(char, "").startswith("GREEK ")


def has_latin(text: str) -> bool:
    """True if the text has a Latin letter (accented ones included)."""
    return any(_is_latin(char) for char in fold(text))


def has_greek(text: str) -> bool:
    """True if the text has a Greek letter (accented ones included)."""
    return any(_is_greek(char) for char in fold(text))


# --- Phonetic keys -------------------------------------------------------------------------


def _is_lone_digit(word: str, position: int) -> bool:
    """A digit with no digit either side: the "8" in "8essaloniki", not in "1821"."""
    before = word[position - 1 : position]
    after = word[position + 1 : position + 2]
    return not before.isdigit() and not after.isdigit()


def _word_options(word: str) -> list[tuple[str, ...]]:
    """Split one folded word into units, each with its possible skeleton readings."""
    latin_word = any(_is_latin(char) for char in word)
    options: list[tuple[str, ...]] = []
    position = 0
    while position < len(word):
        for size in (3, 2, 1):
            chunk = word[position : position + size]
            if len(chunk) == size and chunk in KEY_RULES:
                options.append(KEY_RULES[chunk])
                position += size
                break
        else:
            char = word[position]
            if latin_word and char in LATIN_DIGIT_LETTERS and _is_lone_digit(word, position):
                options.append(LATIN_DIGIT_LETTERS[char])
            else:
                options.append((char,))  # digits and letters of other scripts stay as they are
            position += 1
    return options


def _text_options(text: str) -> list[tuple[str, ...]]:
    """The options of every word of the folded text, with a space between words."""
    options: list[tuple[str, ...]] = []
    for index, word in enumerate(fold(text).split(" ")):
        if index:
            options.append((" ",))
        options.extend(_word_options(word))
    return options


def _expand(options: Iterable[tuple[str, ...]], limit: int) -> list[str]:
    """Every combination of options, in reading order, stopping at ``limit`` variants.

    Earlier ambiguities are expanded first; once the cap is reached, every later unit takes
    its first reading. The first variant is always the all-first-readings one.
    """
    variants = [""]
    for choices in options:
        grown = [variant + choices[0] for variant in variants]
        for choice in choices[1:]:
            for variant in variants:
                if len(grown) >= limit:
                    break
                grown.append(variant + choice)
        variants = list(dict.fromkeys(grown))
    return variants


def _collapse_doubles(key: str) -> str:
    """ "ss" → "s", "ii" → "i": doubled letters are spelt inconsistently in both scripts."""
    return DOUBLED_LETTER.sub(r"\1", key)


@functools.lru_cache(maxsize=4096)
def phonetic_key(text: str) -> str:
    """The sound-alike skeleton of Greek text; Latin letters take their usual reading."""
    return _collapse_doubles("".join(choices[0] for choices in _text_options(text)))


def phonetic_keys(text: str, limit: int = 64) -> set[str]:
    """Every skeleton the text may stand for (at most ``limit``; one for Greek text).

    Empty when the text has no letters or digits. ``phonetic_key(text)`` is always included.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if not fold(text):
        return set()
    return {_collapse_doubles(variant) for variant in _expand(_text_options(text), limit)}


# --- Transliteration -----------------------------------------------------------------------


def _greek_unit(word: str, position: int) -> tuple[str, int]:
    """The Greek spelling of the Latin unit at ``position`` and how many characters it used."""
    for size in (2, 1):
        chunk = word[position : position + size]
        if len(chunk) == size and chunk in TO_GREEK:
            if chunk == "h" and position == 0 and word[1:2] in LATIN_VOWELS:
                return WORD_START_H, 1
            return TO_GREEK[chunk], size
    char = word[position]
    if char in TO_GREEK_DIGITS and _is_lone_digit(word, position):
        return TO_GREEK_DIGITS[char], 1
    return char, 1


def _transliterate_word(word: str) -> str:
    """One folded Greeklish word in Greek letters, with a final ς."""
    out = []
    position = 0
    while position < len(word):
        greek, used = _greek_unit(word, position)
        out.append(greek)
        position += used
    greek_word = "".join(out)
    if greek_word.endswith("σ"):
        greek_word = greek_word[:-1] + "ς"
    return greek_word


def transliterate(text: str) -> str:
    """A best-guess Greek spelling of Greeklish text (lower case, no accents).

    Words without Latin letters, and Greek text as a whole, come back folded but unchanged.
    """
    words = fold(text).split(" ")
    return " ".join(
        _transliterate_word(word) if any(_is_latin(char) for char in word) else word
        for word in words
    )


def search_terms(text: str) -> list[str]:
    """What to search for: the folded text, then its Greek transliteration if it has Latin."""
    terms = [fold(text)]
    if has_latin(text):
        terms.append(fold(transliterate(text)))
    return [term for term in dict.fromkeys(terms) if term]
