"""Which partner locations must keep their address in the admin (decision 0018).

A shelter's address on a public site can cost a life, and the data rarely says so in a field:
HSDS 3.0 has no confidentiality flag, and publishers write "απόρρητη διεύθυνση" in a name or
a description. So a location is treated as confidential when any of these holds:

- it is marked confidential (``LocationKind.CONFIDENTIAL``: our own flag, or an import's
  decision);
- its own words say so (``says_confidential``), in Greek or English, whatever the accents,
  capitals or word form;
- it is of a *protected kind*: a service offered there (or, for a location with no service
  linked, any service of its organisation) is filed under a category that editors marked
  protected, or describes itself as a shelter (``describes_shelter``).

The last two are kept in ``OrganisationLocation.protected_kind`` by ``refresh`` whenever an
organisation, a service or a category is saved. Only centre staff can publish the address of a
place of a protected kind, by ticking ``address_public`` (a permission guards that panel).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from core.pages import parent_path
from search.normalise import fold

# Folded stems: "εμπιστευτικ" finds εμπιστευτικό, ΕΜΠΙΣΤΕΥΤΙΚΗ, εμπιστευτικής…
UNDISCLOSED = r"(?:εμπιστευτικ|απορρητ|μυστικ|κρυφ|confidential|undisclosed|secret|withheld|hidden)"
PLACE = r"(?:διευθυνσ|τοποθεσι|θεση|address|location|whereabouts)"
# Said of the place: "απόρρητη διεύθυνση", "Confidential address", "η διεύθυνση είναι
# εμπιστευτική", "δεν δημοσιεύεται". Not "η συζήτηση είναι εμπιστευτική" (the counselling is
# confidential, the office is not).
CONFIDENTIAL_PATTERNS = [
    rf"\b{UNDISCLOSED}\w*(?:\W+\w+){{0,2}}?\W+{PLACE}",
    rf"\b{PLACE}\w*(?:\W+\w+){{0,3}}?\W+{UNDISCLOSED}",
    r"\bδε[νv]? (?:θα )?(?:δημοσιευ|δημοσιοποι|ανακοινων|γνωστοποι)",
    r"\bμη (?:δημοσιευ|δημοσιοποι|γνωστοποι)",
    r"\b(?:not|never) (?:be )?(?:disclosed|published|made public|public)",
    r"\bdo not (?:publish|disclose)",
    r"\b(?:given|available|provided) only (?:by|on|over) (?:the )?(?:phone|telephone)",
    r"\bδινεται μονο (?:τηλεφωνικ|απο το τηλεφωνο|με τηλεφωνο)",
]
# Said of a place in its own name: "Γραφείο (απόρρητο)", "Confidential".
CONFIDENTIAL_NAME = rf"\b{UNDISCLOSED}"
# Kinds of help whose address is protected: shelters and safe houses for victims of violence,
# for unaccompanied minors, for victims of trafficking. A night shelter for homeless people is
# not one of them: people must be able to find it.
PROTECTED_ALONE = [
    r"\bασυνοδευτ",
    r"\bεμπορι\w* (?:ανθρωπ|γυναικ|παιδι|ανηλικ)",
    r"\bθυματα εμπορι",
    r"\btrafficking",
    r"\bunaccompanied",
    r"\bsafe ?hous",
    r"\bασφαλ\w* (?:σπιτι|στεγ|κατοικι)",
]
SHELTER_WORDS = r"(?:ξενων|καταφυγι|φιλοξενι|shelter|refuge|hostel|accommodation)"
AT_RISK_WORDS = (
    r"(?:κακοποιημεν|κακοποιησ|βια\b|βιας|θυματ|ανηλικ|παιδι|γυναικ|μητερ|"
    r"victim|violence|abuse|women|minor|child|girls|mothers)"
)
SHELTER_PATTERNS = [
    *PROTECTED_ALONE,
    rf"\b{SHELTER_WORDS}\w*(?:\W+\w+){{0,6}}?\W+{AT_RISK_WORDS}",
    rf"\b{AT_RISK_WORDS}\w*(?:\W+\w+){{0,6}}?\W+{SHELTER_WORDS}",
]
_CONFIDENTIAL = re.compile("|".join(CONFIDENTIAL_PATTERNS))
_CONFIDENTIAL_NAME = re.compile(CONFIDENTIAL_NAME)
_SHELTER = re.compile("|".join(SHELTER_PATTERNS))


def _match(pattern: re.Pattern, texts: Iterable[str | None]) -> str:
    """The first matching words, as the text wrote them (for the import report), or ''."""
    for text in texts:
        if not text:
            continue
        folded = fold(str(text))
        found = pattern.search(folded)
        if found:
            return found.group(0).strip()
    return ""


def says_confidential(*texts: str | None) -> str:
    """The words that say an address is not to be published, or ''."""
    return _match(_CONFIDENTIAL, texts)


def name_says_confidential(name: str | None) -> str:
    """A place's own name calling it confidential ("Ξενώνας (απόρρητη διεύθυνση)")."""
    return _match(_CONFIDENTIAL_NAME, [name]) or _match(_CONFIDENTIAL, [name])


def describes_shelter(*texts: str | None) -> str:
    """The words that describe a shelter or safe house, or ''."""
    return _match(_SHELTER, texts)


def _chunks(items: list, size: int = 500):
    """Lists short enough for an ``IN (...)`` on any backend (SQLite caps its parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def protected_paths() -> list[str]:
    """Tree paths of the categories marked protected (their descendants are protected too)."""
    from directory.models import Category

    return sorted(set(Category.objects.filter(protected=True).values_list("tree_path", flat=True)))


def path_is_protected(tree_path: str, paths: Iterable[str]) -> bool:
    return any(tree_path == p or tree_path.startswith(f"{p}/") for p in paths)


def refresh(organisation_ids: Iterable[int]) -> int:
    """Recompute ``protected_kind`` of these organisations' locations from what is stored;
    returns how many rows changed. Called on every save of an organisation, a service or a
    category, and by the import."""
    from django.db.models.functions import Substr
    from wagtail.models import Page

    from directory.models import (
        OrganisationLocation,
        OrganisationPage,
        ServiceAtLocation,
        ServicePage,
    )

    organisation_ids = list(set(organisation_ids))
    if not organisation_ids:
        return 0
    paths = protected_paths()
    organisations = {
        pk: path
        for chunk in _chunks(organisation_ids)
        for pk, path in OrganisationPage.objects.filter(pk__in=chunk).values_list("pk", "path")
    }
    if not organisations:
        return 0
    steplen = Page.steplen
    by_path = {path: pk for pk, path in organisations.items()}
    services = {}  # service id → (organisation id, protected)
    service_rows = []
    by_length = defaultdict(list)
    for path in organisations.values():
        by_length[len(path)].append(path)
    for length, paths_here in by_length.items():
        for start in range(0, len(paths_here), 500):
            service_rows += (
                ServicePage.objects.annotate(parent_path=Substr("path", 1, length))
                .filter(
                    depth=length // steplen + 1, parent_path__in=paths_here[start : start + 500]
                )
                .values_list("pk", "path", "title", "description")
            )
    categories = defaultdict(list)
    through = ServicePage.categories.through
    for chunk in _chunks([row[0] for row in service_rows]):
        for service_id, tree_path in through.objects.filter(servicepage_id__in=chunk).values_list(
            "servicepage_id", "category__tree_path"
        ):
            categories[service_id].append(tree_path)
    for service_id, path, title, description in service_rows:
        protected = any(path_is_protected(p, paths) for p in categories[service_id]) or bool(
            describes_shelter(title, description)
        )
        services[service_id] = (by_path[parent_path(path)], protected)
    offered_at = defaultdict(set)
    for chunk in _chunks(list(services)):
        for service_id, location_id in ServiceAtLocation.objects.filter(
            service_id__in=chunk
        ).values_list("service_id", "location_id"):
            offered_at[location_id].add(service_id)
    organisation_protected = defaultdict(bool)
    for organisation_id, protected in services.values():
        organisation_protected[organisation_id] |= protected
    changed = []
    locations = [
        location
        for chunk in _chunks(list(organisations))
        for location in OrganisationLocation.objects.filter(organisation_id__in=chunk).only(
            "pk", "organisation_id", "name", "access_notes", "protected_kind"
        )
    ]
    for location in locations:
        here = offered_at.get(location.pk)
        if here:
            protected = any(services[s][1] for s in here if s in services)
        else:
            protected = organisation_protected[location.organisation_id]
        protected = protected or bool(
            name_says_confidential(location.name)
            or says_confidential(location.access_notes)
            or describes_shelter(location.name)
        )
        if protected != location.protected_kind:
            location.protected_kind = protected
            changed.append(location)
    if changed:
        OrganisationLocation.objects.bulk_update(changed, ["protected_kind"])
    return len(changed)


def organisations_of_categories(category_ids: Iterable[int]) -> list[int]:
    """The organisations with a service filed under these categories (any language)."""

    from directory.models import OrganisationPage, ServicePage

    paths = set(
        ServicePage.objects.filter(categories__in=list(category_ids)).values_list("path", flat=True)
    )
    parents = sorted({parent_path(path) for path in paths})
    return [
        pk
        for chunk in _chunks(parents)
        for pk in OrganisationPage.objects.filter(path__in=chunk).values_list("pk", flat=True)
    ]
