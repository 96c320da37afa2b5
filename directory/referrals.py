"""A centre's referral network as residents see it: its partners grouped by the kind of help
they give, each with a phone and whether it is open now.

Who the partners are, their phones, categories and opening hours change only when something
is published, so that part is a shared fragment (core/fragments.py), computed in a few
queries whatever the number of partners (the links with their organisations, the live services
under them with categories, the organisations' locations, the category names); whether each is
open now is worked out from the kept opening hours on every request.
"""

from collections import defaultdict
from datetime import datetime

from django.db.models import Prefetch, Q

from core import fragments
from core.pages import parent_path
from directory.models import Category, OrganisationLocation, OrganisationPage, ServicePage


def partner_groups(centre, now: datetime, language: str) -> list[dict]:
    """The partners by kind of help, each with whether it is open at ``now``."""
    groups = fragments.remember("partners", (centre.pk, language), lambda: _directory(centre))
    for group in groups:
        for entry in group["partners"]:
            engine = entry.pop("engine")
            status = engine.status(now, language) if engine else None
            entry["is_open"] = bool(status and status.is_open)
            entry["sentence"] = engine.sentence(now, language, status) if engine else ""
    return groups


def _directory(centre) -> list[dict]:
    """The clock-free part: groups of ``{"organisation", "phone", "engine"}`` by category."""
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
        organisation = by_path.get(parent_path(service.path))
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
        organisation._prefetched_objects_cache = {}  # kept small: the engine is all it needs
        entry = {
            "organisation": organisation,
            "phone": organisation.phone,
            "engine": location.opening_hours_engine if location else None,
        }
        codes = sorted(roots.get(organisation.pk) or {""})
        groups[names.get(codes[0], "")].append(entry)
    return [{"name": name, "partners": groups[name]} for name in sorted(groups)]
