"""One way to read what a request sends: text, whole numbers, yes/no and choices.

Browsers, partners' systems and crawlers send anything: digits of other scripts ("²", "٣")
that ``str.isdigit()`` accepts and ``int()`` refuses or misreads, control characters and
non-characters that make a page invalid HTML when echoed, values thousands of characters long.
Every view, form and API reads its parameters through these functions, so each rule is decided
once:

- **text** loses control characters, unassigned code points, non-characters, surrogates,
  private-use characters and invisible format characters (but ZWNJ and ZWJ, which Persian and
  Arabic words need); any run of white space becomes one space; it is cut to a bound;
- **whole numbers** are ASCII digits only, within a stated range; a bad one raises
  ``BadParameter`` with a message a person can act on, or, where a page prefers to forgive,
  gives the default;
- **yes/no** and **choices** accept only what they list.

``core.middleware.CleanQueryMiddleware`` applies ``clean_text``'s character rule to every query
string value before any view sees it; the functions here add the bounds and the types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

# Persian and Arabic spelling needs these two joiners; every other format character is
# invisible and only hides or reorders text.
KEPT_FORMAT = frozenset("\u200c\u200d")
DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
ASCII_DIGITS = re.compile(r"[0-9]+")
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,15}")
TRUE = frozenset({"1", "true", "on", "yes"})
FALSE = frozenset({"0", "false", "off", "no", ""})
DEFAULT_MAX_LENGTH = 200


class BadParameter(ValueError):
    """A parameter whose value cannot be used, with a message for the person who sent it."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def is_unwanted(char: str) -> bool:
    """True for a character that must not reach a view or a page."""
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in KEPT_FORMAT
    if category in DROPPED_CATEGORIES:
        return not char.isspace()  # tab, new line and the like become a space instead
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def without_unwanted(value: str) -> str:
    """``value`` without unwanted characters, white-space controls turned into spaces; its
    length and ordinary spacing otherwise as sent (the query middleware's rule)."""
    if value.isascii() and value.isprintable():
        return value  # the common case, at no cost
    return "".join(
        " " if char.isspace() and char != " " else char for char in value if not is_unwanted(char)
    )


def clean_text(raw, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """Free text as a view may use and echo it: NFC, wanted characters only, one line with
    single spaces, at most ``max_length`` characters."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFC", str(raw)[: max_length * 4])
    return " ".join(without_unwanted(text).split())[:max_length].strip()


def integer(raw, name: str, *, minimum: int, maximum: int, default: int | None = None) -> int:
    """A whole number written in ASCII digits, from ``minimum`` to ``maximum``.

    Missing or blank: ``default`` when there is one. Otherwise, and for anything else that is
    not such a number, ``BadParameter``."""
    text = clean_text(raw, 32)
    if not text:
        if default is not None:
            return default
        raise BadParameter(name, _("%(name)s is missing.") % {"name": name})
    if not WHOLE_NUMBER.fullmatch(text) or not minimum <= int(text) <= maximum:
        raise BadParameter(
            name,
            _("%(name)s must be a whole number from %(minimum)d to %(maximum)d.")
            % {"name": name, "minimum": minimum, "maximum": maximum},
        )
    return int(text)


def integer_or(raw, default: int, *, minimum: int, maximum: int) -> int:
    """As ``integer``, but anything unusable is ``default``: for pages, where a bad page
    number should show the first page rather than an error."""
    try:
        return integer(raw, "", minimum=minimum, maximum=maximum, default=default)
    except BadParameter:
        return default


def page_number(raw, last: int) -> int:
    """The page of a list asked for, from 1 to ``last``: anything that is not a number is the
    first page, a number past the end the last."""
    text = clean_text(raw, 32)
    if not ASCII_DIGITS.fullmatch(text):
        return 1
    return max(1, min(int(text), last))


def boolean(raw) -> bool:
    """A tick box or flag: "1", "true", "on" or "yes" (any case) is true, anything else false."""
    return clean_text(raw, 8).lower() in TRUE


def choice(raw, choices: Iterable[str], default: str = "") -> str:
    """``raw`` when it is one of ``choices`` (as sent, after cleaning), else ``default``."""
    text = clean_text(raw)
    return text if text in set(choices) else default
