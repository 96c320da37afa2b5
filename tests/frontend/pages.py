"""Every kind of public page the portal renders, as addresses found in the demo content.

The HTML checker (``tests/frontend/test_html_validity.py``) and the Lighthouse benchmark
(``bench/lighthouse.py``) both walk this one list, so a page type added here is checked by
both. Addresses are looked up from the database rather than written out, so a renamed slug in
the demo content cannot silently drop a page type. Needs Django set up and the demo content.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

# Queries whose outcome the demo content fixes (see tests/search/test_engine.py and
# tests/directory/test_finder.py): one with results, one with nothing, one misspelt.
SEARCH_FOUND = {"el": "Παιονία", "en": "Paionia"}
SEARCH_NOTHING = "qqqqzzzz"
SEARCH_MISSPELT = {"el": "ψυχολγος", "en": "comunity"}
FINDER_FOUND = "61200"
FINDER_UNKNOWN = "Qwxyzzy"
FINDER_AMBIGUOUS = "Irakleio"
NOT_FOUND = "/den-yparxei-afti-i-selida/"


@dataclass(frozen=True)
class PageCase:
    """One page to check: what it is, in which language, and its path on the site."""

    name: str
    language: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.language})"


def _live(model, language: str, **filters):
    page = (
        model.objects.live()
        .public()
        .filter(locale__language_code=language, **filters)
        .order_by("path")
        .first()
    )
    if page is None:
        raise LookupError(f"No live {model.__name__} in {language!r} with {filters or 'any'}")
    return page


def _filtered_directory(index_path: str, language: str) -> str:
    """The directory with a category and a target group that one live service has both of,
    so the filtered page lists at least that service."""
    from directory.models import ServicePage
    from directory.models.listing import FacetKind

    for service in ServicePage.objects.live().filter(locale__language_code=language):
        facets = {facet.kind: facet.value for facet in service.facets.all()}
        if FacetKind.CATEGORY in facets and FacetKind.TARGET_GROUP in facets:
            query = {
                "category": facets[FacetKind.CATEGORY],
                "target": facets[FacetKind.TARGET_GROUP],
            }
            return f"{index_path}?{urlencode(query)}#directory-results"
    raise LookupError(f"No {language!r} service has both a category and a target group")


def page_cases(language: str) -> list[PageCase]:
    """Every page type in ``language`` ("el" or "en"), in a stable order."""
    from directory.models import (
        CentreIndexPage,
        CentrePage,
        DirectoryIndexPage,
        OrganisationPage,
        ServicePage,
    )
    from home.models import (
        AccessibilityStatementPage,
        AnnouncementIndexPage,
        AnnouncementPage,
        FundingIndexPage,
        FundingNoticePage,
        HomePage,
        StandardPage,
    )

    prefix = "" if language == "el" else f"/{language}"
    centres = _live(CentreIndexPage, language).url
    directory = _live(DirectoryIndexPage, language).url
    search = f"{prefix}/search/"
    # A centre with branches, a mobile unit and a service list: the richest centre page.
    centre = _live(CentrePage, language, slug="heraklion")
    cases = [
        ("home", _live(HomePage, language).url),
        ("centres index", centres),
        ("centre page", centre.url),
        ("finder with results", f"{centres}?{urlencode({'q': FINDER_FOUND})}"),
        ("finder, place unknown", f"{centres}?{urlencode({'q': FINDER_UNKNOWN})}"),
        ("finder, place ambiguous", f"{centres}?{urlencode({'q': FINDER_AMBIGUOUS})}"),
        ("finder, invalid input", f"{centres}?lat=abc&lng=1"),
        ("directory index", directory),
        ("directory, category + target group", _filtered_directory(directory, language)),
        ("directory, no match", f"{directory}?{urlencode({'q': SEARCH_NOTHING})}"),
        ("organisation page", _live(OrganisationPage, language).url),
        ("service page", _live(ServicePage, language).url),
        ("announcements index", _live(AnnouncementIndexPage, language).url),
        ("announcement", _live(AnnouncementPage, language).url),
        ("funding index", _live(FundingIndexPage, language).url),
        ("funding notice", _live(FundingNoticePage, language).url),
        ("standard page (about)", _live(StandardPage, language, slug="schetika").url),
        (
            "standard page (privacy)",
            _live(StandardPage, language, slug="prostasia-dedomenon").url,
        ),
        ("accessibility statement", _live(AccessibilityStatementPage, language).url),
        ("search, empty", search),
        ("search results", f"{search}?{urlencode({'q': SEARCH_FOUND[language]})}"),
        ("search, no results", f"{search}?{urlencode({'q': SEARCH_NOTHING})}"),
        ("search, did you mean", f"{search}?{urlencode({'q': SEARCH_MISSPELT[language]})}"),
        ("page not found (404)", f"{prefix}{NOT_FOUND}"),
    ]
    return [PageCase(name, language, path) for name, path in cases]
