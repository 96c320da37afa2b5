"""The finder as a page section and as JSON: one form, one search, two renderings.

``finder_context`` feeds the centres index page (and the home page's box); ``finder_json`` is
the documented endpoint ``/api/finder/`` (``/en/api/finder/`` in English, see
docs/api/finder.md). Invalid input gets a 400 with a JSON error, never a 500.
"""

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from core.params import BadParameter, integer
from directory.finder import DEFAULT_LIMIT, MAX_LIMIT, NEARBY_KM, find
from directory.forms import FinderForm
from directory.presentation import directions_url

ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"


def language_code() -> str:
    return (get_language() or "el").split("-")[0]


def finder_context(request) -> dict:
    form = FinderForm(request.GET or None)
    outcome = find(
        form,
        locale_id=Locale.get_active().pk,
        now=timezone.now(),
        language=language_code(),
    )
    return {
        "finder_form": form,
        "finder": outcome,
        "finder_nearby_km": NEARBY_KM,
        "finder_rows": [result_row(r) for r in outcome.results or []],
        "finder_place_name": outcome.place.name(language_code()) if outcome.place else "",
    }


def result_row(result) -> dict:
    """A plain dict per result: the template and the JSON share it."""
    return {
        "name": result.name,
        "kind": result.kind,
        "centre": result.centre.title,
        "centre_url": result.centre.url,
        "distance_km": round(result.distance_km, 1),
        "is_open": result.status.is_open,
        "status": result.sentence,
        "closes_at": result.status.closes_at.isoformat() if result.status.closes_at else None,
        "next_opening": result.next_opening.isoformat() if result.next_opening else None,
        "address": result.address,
        "stop_rule": result.stop_rule,
        "phone": result.phone,
        "latitude": round(result.latitude, 5),
        "longitude": round(result.longitude, 5),
        "directions_url": directions_url(result.latitude, result.longitude),
    }


def place_json(place, language: str) -> dict:
    return {
        "name": place.name(language),
        "context": place.context(language),
        "latitude": round(place.latitude, 5),
        "longitude": round(place.longitude, 5),
        "approximate": place.approximate,
        "id": place.place_id,
    }


@require_GET
def finder_json(request):
    params = request.GET
    try:
        limit = integer(
            params.get("limit"), "limit", minimum=1, maximum=MAX_LIMIT, default=DEFAULT_LIMIT
        )
    except BadParameter as bad:
        return error(bad.message, bad.name)
    form = FinderForm(params)
    if not form.has_query:
        return error(_("Give q (a postcode or a place name), or lat and lng."), "q")
    language = language_code()
    outcome = find(
        form,
        locale_id=Locale.get_active().pk,
        now=timezone.now(),
        language=language,
        limit=limit,
    )
    if outcome.state == "invalid":
        field, problems = next(iter(outcome.problems.items()))
        return error(problems[0]["message"], field)
    body = {
        "language": language,
        "attribution": ATTRIBUTION,
        "state": outcome.state,
    }
    if outcome.state == "unknown":
        body["message"] = outcome.problems["q"][0]["message"]
    elif outcome.state == "choices":
        body["choices"] = [place_json(p, language) for p in outcome.choices]
    else:
        body.update(
            place=place_json(outcome.place, language),
            open_now=outcome.open_now,
            nothing_within_km=NEARBY_KM if outcome.nothing_nearby else None,
            results=[
                {**row, "centre_url": request.build_absolute_uri(row["centre_url"])}
                for row in (result_row(r) for r in outcome.results)
            ],
        )
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store" if "lat" in params else "public, max-age=60"
    return response


def error(message: str, field: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": {"message": str(message), "parameter": field}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
