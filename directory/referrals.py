"""A centre's referral network as residents see it: its partners grouped by the kind of help
they give, each with a phone and whether it is open now.

Three queries whatever the number of partners: the links with their organisations, the live
services under them with categories, and the organisations' locations.
"""

from collections import defaultdict
from datetime import datetime

from django.db.models import Prefetch, Q

from directory.models import Category, OrganisationLocation, OrganisationPage, ServicePage


def partner_groups(centre, now: datetime, language: str) -> list[dict]:
    organisations = list(
        OrganisationPage.objects.live()
        .public()
        .filter(centre_links__centre=centre)
        .prefetch_related(
            Prefetch("locations", queryset=OrganisationLocation.objects.order_by("sort_order"))
        )
        .order_by("title")
    )
    if not organisations:
        return []
    by_path = {organisation.path: organisation for organisation in organisations}
    services = (
        ServicePage.objects.live()
        .public()
        .filter(
            Q(*[Q(path__startswith=path) for path in by_path], _connector=Q.OR),
            depth=organisations[0].depth + 1,
        )
        .prefetch_related("categories")
    )
    roots: dict[int, set[str]] = defaultdict(set)
    for service in services:
        organisation = by_path.get(service.path[: -ServicePage.steplen])
        if organisation:
            roots[organisation.pk].update(
                c.tree_path.split("/")[0] for c in service.categories.all()
            )
    names = {
        category.code: category.name
        for category in Category.objects.filter(locale=centre.locale, parent__isnull=True)
    }
    groups: dict[str, list[dict]] = defaultdict(list)
    for organisation in organisations:
        location = next(iter(organisation.locations.all()), None)
        engine = location.opening_hours_engine if location else None
        status = engine.status(now, language) if engine else None
        entry = {
            "organisation": organisation,
            "phone": organisation.phone,
            "is_open": bool(status and status.is_open),
            "sentence": engine.sentence(now, language, status) if engine else "",
        }
        codes = sorted(roots.get(organisation.pk) or {""})
        groups[names.get(codes[0], "")].append(entry)
    return [{"name": name, "partners": groups[name]} for name in sorted(groups)]
