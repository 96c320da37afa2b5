"""Small presentation helpers for opening hours and contact details."""

from django import template
from django.utils import timezone, translation

register = template.Library()


@register.simple_tag
def status_sentence(engine) -> str:
    """ "Ανοιχτό έως 15:30" for an opening-hours engine, now, in the active language."""
    return engine.sentence(timezone.now(), language=(translation.get_language() or "el")[:2])


@register.filter
def tel_href(phone: str) -> str:
    """A tel: URI with Greece's country code, so it dials from any phone, roaming included."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if not digits.startswith("+"):
        digits = "+30" + digits
    return f"tel:{digits}"


@register.filter
def hhmm(value) -> str:
    """A time or datetime as 24-hour HH:MM in Athens."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime("%H:%M")
