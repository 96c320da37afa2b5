"""Funding notices in templates: euro amounts the Greek way, the EU statement, and a centre's
funding. The directory app does not import ``home`` (imports flow home → directory), so a
centre page reaches its funding through this tag library rather than through its model."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.utils import translation

from core import fragments
from home.models.funding import EU_STATEMENT, FundingNoticePage

register = template.Library()


@register.filter
def euro(value) -> str:
    """514080 → "514.080,00 €": "." between thousands, "," before the cents and a no-break
    space before the sign, in every language (the way Greek public documents write amounts)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{'.'.join(groups)},{cents}\u00a0€"


@register.simple_tag
def eu_statement() -> str:
    """The Annex IX statement in the active language (Greek when the language has none)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return EU_STATEMENT.get(language, EU_STATEMENT["el"])


@register.simple_tag
def centre_funding(centre) -> list[FundingNoticePage]:
    """Live, public notices in the centre's language that list the centre (in any language:
    matched by translation key, so an English notice that still points at the Greek centre
    counts), the current ones first. An untranslated notice mirrored into English (an alias)
    is Greek text and is left out rather than shown as English content."""
    if centre is None or not getattr(centre, "translation_key", None):
        return []
    return fragments.remember(
        "funding",
        (centre.locale_id, str(centre.translation_key)),
        lambda: list(
            FundingNoticePage.objects.live()
            .public()
            .filter(locale_id=centre.locale_id, alias_of__isnull=True)
            .filter(related_centres__translation_key=centre.translation_key)
            .distinct()
            .order_by("-decision_date", "-first_published_at")
        ),
    )
