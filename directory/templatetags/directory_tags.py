"""Small presentation helpers for opening hours and contact details."""

from django import template
from django.utils import timezone

register = template.Library()


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
