"""Languages a branch or service speaks, by ISO 639 code, named in the reader's language."""

from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES = {
    "el": _("Greek"),
    "en": _("English"),
    "ar": _("Arabic"),
    "fa": _("Farsi"),
    "prs": _("Dari"),
    "ps": _("Pashto"),
    "ur": _("Urdu"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "sq": _("Albanian"),
    "bg": _("Bulgarian"),
    "ro": _("Romanian"),
    "tr": _("Turkish"),
    "rom": _("Romani"),
    "fr": _("French"),
    "de": _("German"),
}


def parse_codes(value: str) -> list[str]:
    """Split "el, EN ,ar" into ["el", "en", "ar"], dropping blanks and repeats."""
    codes: list[str] = []
    for part in (value or "").split(","):
        code = part.strip().lower()
        if code and code not in codes:
            codes.append(code)
    return codes


def language_names(value: str) -> list[str]:
    """Names for known codes; an unknown code is shown as typed rather than dropped."""
    return [str(LANGUAGE_NAMES.get(code, code)) for code in parse_codes(value)]
