"""HSDS values into the partner directory's fields: text, paragraphs, phones, e-mails, URLs,
ages, slugs, and the flags that tell a centre or a confidential location.

The importer's small conversions, apart from its run: each takes a value and its place in
the input, and either returns what our field stores or adds a warning and returns ``KEEP``
(the value is left out; on an update, what is stored stays).
"""

from __future__ import annotations

import html
import re
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify

from directory.hsds import ids
from directory.hsds.validation import Problem
from directory.models.centres import phone_validator

KEEP = object()  # a value left out with a warning: on an update, what is stored stays


def as_text(value) -> str:
    return "" if value is None else str(value).strip()


def paragraphs(text: str) -> str:
    """Plain text as rich text: a paragraph per line (the serialiser writes one line per
    paragraph)."""
    return "".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )


def document(text: str, path, warnings) -> tuple[str, str]:
    """A required document as the serialiser writes it: "name — note"."""
    name, _sep, note = as_text(text).partition(" — ")
    return (
        cut(name, 150, path, warnings),
        cut(note, 250, path, warnings),
    )


def plain(rich: str) -> str:
    """Rich text as the plain words it says, whitespace collapsed (how it is compared)."""
    text = re.sub(r"<br\s*/?>|</p>|</li>", "\n", rich or "")
    return " ".join(html.unescape(strip_tags(text)).split())


def phone(value, path, warnings) -> object:
    raw = as_text(value)
    if not raw:
        return ""
    number = re.sub(r"[\"'()./\-]", " ", raw)
    number = " ".join(number.split())
    try:
        phone_validator(number)
    except ValidationError:
        warnings.append(Problem(path, f"{raw!r} is not a phone number we can store: left out"))
        return KEEP
    if number != raw:
        warnings.append(Problem(path, f"{raw!r} is stored as {number!r}"))
    return number


def checked(value, validators, path, warnings, what: str, max_length: int | None = None):
    text = as_text(value)
    if not text:
        return ""
    try:
        for validator in validators:
            validator(text)
        if max_length and len(text) > max_length:
            raise ValidationError("too long")
    except ValidationError:
        warnings.append(Problem(path, f"{text!r} is not {what}: left out"))
        return KEEP
    return text


def email(value, path, warnings):
    from django.core.validators import validate_email

    return checked(value, [validate_email], path, warnings, "an e-mail address we can store", 254)


def url(value, path, warnings):
    from django.core.validators import URLValidator

    return checked(value, [URLValidator()], path, warnings, "a web address we can store", 200)


def cut(value, length: int, path, warnings) -> str:
    text = as_text(value)
    if len(text) > length:
        warnings.append(Problem(path, f"cut to {length} characters"))
        text = text[: length - 1] + "…"
    return text


def age(value, path, warnings):
    if value is None:
        return None
    if float(value) != int(value) or not 0 <= value <= 32767:
        warnings.append(Problem(path, f"{value!r} is not an age in whole years: left out"))
        return KEEP
    return int(value)


def first_phone(phones) -> tuple[object, int | None]:
    for index, phone in enumerate(phones or []):
        if isinstance(phone, dict) and as_text(phone.get("number")):
            return phone["number"], index
    return None, None


def slug(text: str, taken: set[str], fallback: str) -> str:
    base = slugify(text, allow_unicode=True)[:200] or fallback
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def has_flag(item: dict, taxonomy_name: str, taxonomy_id: UUID, code: str) -> bool:
    for attribute in item.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        detail = term.get("taxonomy_detail") or {}
        ours = (
            term.get("taxonomy") == taxonomy_name
            or ids.parse(term.get("taxonomy_id") or detail.get("id") or "") == taxonomy_id
        )
        if ours and term.get("code") == code:
            return True
    return False


GREEK_MONTHS = {
    "ιαν": 1, "φεβ": 2, "μαρ": 3, "απρ": 4, "μαι": 5, "ιουν": 6,
    "ιουλ": 7, "αυγ": 8, "σεπ": 9, "οκτ": 10, "νοε": 11, "δεκ": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def reopening_date(alert: str, today: date) -> date | None:
    """The first date in a closure alert that is not in the past ("Κλειστό λόγω
    ανακαίνισης έως 31/01/2027", "reopens on 2027-02-01", "από 15 Μαρτίου 2027"), or None."""
    from search.normalise import fold

    text = fold(alert or "")
    found: list[date] = []
    for match in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        found.append((int(match[1]), int(match[2]), int(match[3])))
    for match in re.finditer(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b", text):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        found.append((year, int(match[2]), int(match[1])))
    for match in re.finditer(r"\b(\d{1,2})(?:η|st|nd|rd|th)? ([a-zα-ω]{3,}) (\d{4})\b", text):
        month = GREEK_MONTHS.get(match[2][:4]) or GREEK_MONTHS.get(match[2][:3])
        if month:
            found.append((int(match[3]), month, int(match[1])))
    days = []
    for year, month, day in found:
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue
    future = sorted(d for d in days if d >= today)
    return future[0] if future else None


def day_of(value) -> date | None:
    """The date of an HSDS date or date-time ("2026-11-03T10:15:00Z"), or None."""
    text = as_text(value)
    if len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def is_centre(organisation: dict) -> bool:
    return has_flag(
        organisation,
        ids.TAXONOMY_NAMES[ids.ORGANISATION_KINDS_TAXONOMY],
        ids.ORGANISATION_KINDS_TAXONOMY,
        ids.COMMUNITY_CENTRE_CODE,
    )


def is_confidential(location: dict) -> bool:
    return has_flag(
        location,
        ids.TAXONOMY_NAMES[ids.LOCATION_FLAGS_TAXONOMY],
        ids.LOCATION_FLAGS_TAXONOMY,
        ids.CONFIDENTIAL_CODE,
    )
