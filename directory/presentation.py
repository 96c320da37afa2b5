"""What a centre page shows, computed once per request from already-loaded objects.

Kept out of the model so the page's template receives plain values and the query count stays
flat: branches and contacts are read once, hours come from StreamField JSON with no queries.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.utils.translation import get_language

from directory import hours
from directory.blocks import stop_rule_text
from directory.jsonld import centre_jsonld
from directory.referrals import partner_groups

UPCOMING_DAYS = 14


@dataclass
class BranchView:
    branch: object
    status: hours.Status
    sentence: str
    week: list
    upcoming: list
    stops: list
    directions_url: str | None


def language_code() -> str:
    return (get_language() or "el").split("-")[0]


def directions_url(latitude: float | None, longitude: float | None) -> str | None:
    """A link to OpenStreetMap's directions to the branch; the page itself loads no map."""
    if latitude is None or longitude is None:
        return None
    query = urlencode({"route": f";{latitude:.5f},{longitude:.5f}"})
    return f"https://www.openstreetmap.org/directions?{query}"


def branch_view(branch, now: datetime) -> BranchView:
    engine = branch.opening_hours_engine
    lang = language_code()
    stops = [
        {
            **stop["value"],
            "rule_text": stop_rule_text(stop["value"]),
            "sentence": stop["hours"].sentence(now, language=lang),
            "next": stop["hours"].next_opening(now),
            "directions_url": directions_url(stop["value"]["latitude"], stop["value"]["longitude"]),
        }
        for stop in branch.stop_list()
    ]
    status = engine.status(now, lang)
    return BranchView(
        branch=branch,
        status=status,
        sentence=engine.sentence(now, lang, status),
        week=engine.week(now),
        upcoming=engine.upcoming_exceptions(now, days=UPCOMING_DAYS),
        stops=stops,
        directions_url=directions_url(branch.latitude, branch.longitude),
    )


def centre_context(page, now: datetime) -> dict:
    branch_views = [branch_view(branch, now) for branch in page.branch_list]
    main = next((view for view in branch_views if view.branch == page.main_branch), None)
    return {
        "now": now,
        "branch_views": branch_views,
        "main_view": main,
        "staff": list(page.staff_contacts.all()),
        "partner_groups": partner_groups(page, now, language_code()),
        "jsonld": centre_jsonld(page, branch_views),
    }
