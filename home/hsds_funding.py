"""A centre's funding notices as HSDS ``funding`` objects, for the open-data API and export.

Registered with ``directory.hsds.serialise`` at start-up (``home.apps``): the directory
publishes centres but must not import the editorial app that holds the notices.
"""

from directory.hsds import ids
from home.models import FundingNoticePage


def _euro(amount) -> str:
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} €"


def source_text(notice: FundingNoticePage) -> str:
    """One line a consumer can show: programme, funds, amount, project code, period."""
    parts = [notice.programme]
    if notice.fund_labels:
        parts.append(", ".join(str(label) for label in notice.fund_labels))
    amount = (
        notice.eligible_expenditure if notice.eligible_expenditure is not None else notice.budget
    )
    if amount is not None:
        parts.append(_euro(amount))
    if notice.mis_code:
        parts.append(f"ΟΠΣ/MIS {notice.mis_code}")
    until = notice.extended_until or notice.end_date
    if until:
        parts.append(f"–{until:%d/%m/%Y}")
    return " · ".join(p for p in parts if p)


def funding_for(centres, locale) -> dict:
    keys = {centre.translation_key for centre in centres}
    notices = (
        FundingNoticePage.objects.live()
        .public()
        .filter(locale=locale, alias_of__isnull=True, related_centres__translation_key__in=keys)
        .prefetch_related("related_centres")
        .distinct()
        .order_by("path")
    )
    found: dict = {}
    for notice in notices:
        text = source_text(notice)
        for centre in notice.related_centres.all():
            if centre.translation_key not in keys:
                continue
            centre_id = str(centre.translation_key)
            found.setdefault(centre.translation_key, []).append(
                {
                    "id": ids.derived(ids.of(notice), centre_id),
                    "organization_id": centre_id,
                    "source": text,
                    "attributes": [],
                    "metadata": [],
                }
            )
    return found
