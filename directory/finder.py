"""The nearest-centre finder: from a point to the nearest branches and mobile-unit stops, with
distance, status now and next opening.

Candidates come from ``MapPoint`` rows inside a bounding box on indexed latitude/longitude;
the box widens (10 → 30 → 80 → 200 → 500 → 1200 km) only until it holds enough points, so a
request never reads every location. Inside the box the database orders by an equirectangular
distance (plain arithmetic, so SQLite and PostgreSQL agree) and the exact great-circle distance
is computed in Python for the few rows returned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.db import connection

from directory import blocks, closures
from directory.hours import OpeningHours, Status
from directory.models import Branch, CentrePage, MapPoint

EARTH_RADIUS_KM = 6371.0088
RADII_KM = (10, 30, 80, 200, 500, 1200)
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
NEARBY_KM = 50
OVERFETCH = 3  # candidates per wanted result, so "open now" and rounding have room


def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


@dataclass
class FinderResult:
    """One place to go: a branch, or one stop of a mobile unit."""

    centre: object
    branch: SimpleNamespace  # the branch's stored values, read without building a model
    stop: dict | None
    distance_km: float
    latitude: float
    longitude: float
    status: Status
    sentence: str
    next_opening: datetime | None

    @property
    def name(self) -> str:
        return self.stop["place"] if self.stop else self.branch.name

    @property
    def address(self) -> str:
        if self.stop:
            return self.stop.get("address") or ""
        return ", ".join(p for p in (self.branch.street_address, self.branch.postcode) if p)

    @property
    def kind(self) -> str:
        return "stop" if self.stop else self.branch.kind

    @property
    def phone(self) -> str:
        return self.branch.phone

    @property
    def stop_rule(self) -> str:
        return blocks.stop_rule_text(self.stop) if self.stop else ""


CANDIDATES_SQL = """
    SELECT branch_id, stop_index, latitude, longitude
    FROM {table}
    WHERE locale_id = %s
      AND latitude BETWEEN %s AND %s
      AND longitude BETWEEN %s AND %s
    ORDER BY (latitude - %s) * (latitude - %s)
           + ((longitude - %s) * %s) * ((longitude - %s) * %s), id
    LIMIT %s
"""


def candidate_points(lat: float, lng: float, locale_id: int, wanted: int) -> list[dict]:
    """The nearest map points by approximate distance, widening the box as needed.

    Plain parameterised SQL (the same on SQLite and PostgreSQL): the ORM's expression
    compilation cost more than the indexed query itself.
    """
    k = math.cos(math.radians(lat))
    sql = CANDIDATES_SQL.format(table=connection.ops.quote_name(MapPoint._meta.db_table))
    rows: list[dict] = []
    with connection.cursor() as cursor:
        for radius in RADII_KM:
            south, north, west, east = bounding_box(lat, lng, radius)
            cursor.execute(
                sql, [locale_id, south, north, west, east, lat, lat, lng, k, lng, k, wanted]
            )
            rows = [
                {"branch_id": b, "stop_index": s, "latitude": la, "longitude": lo}
                for b, s, la, lo in cursor.fetchall()
            ]
            inside = sum(
                1
                for r in rows
                if great_circle_km(lat, lng, r["latitude"], r["longitude"]) <= radius
            )
            if inside >= wanted:
                break
    return rows


def nearest(
    lat: float,
    lng: float,
    *,
    locale_id: int,
    now: datetime,
    language: str = "el",
    limit: int = DEFAULT_LIMIT,
    open_now: bool = False,
) -> list[FinderResult]:
    limit = max(1, min(limit, MAX_LIMIT))
    rows = candidate_points(lat, lng, locale_id, limit * OVERFETCH)
    for row in rows:
        row["distance_km"] = great_circle_km(lat, lng, row["latitude"], row["longitude"])
    rows.sort(key=lambda r: (r["distance_km"], r["branch_id"], r["stop_index"] is not None))
    if not open_now:
        rows = rows[:limit]  # status is only worked out for what will be shown
    branches = {
        row["pk"]: SimpleNamespace(**row)
        for row in Branch.objects.filter(pk__in={r["branch_id"] for r in rows}).values(
            "pk",
            "centre_id",
            "kind",
            "name",
            "street_address",
            "postcode",
            "phone",
            "opening_hours",
            "hours_exceptions",
            "stops",
        )
    }
    centres = {
        centre.pk: centre
        for centre in CentrePage.objects.filter(
            pk__in={b.centre_id for b in branches.values()}, live=True
        ).only("pk", "title", "url_path", "slug", "locale_id", "live", "translation_key")
    }
    closures.attach(centres.values())
    results = []
    for row in rows:
        branch = branches.get(row["branch_id"])
        centre = centres.get(branch.centre_id) if branch else None
        if centre is None:
            continue
        stop = None
        if row["stop_index"] is not None:
            stop = blocks.stop_from_raw(branch.stops, row["stop_index"])
            if stop is None:
                continue
            hours = OpeningHours([blocks.stop_session(stop)], language=language)
        else:
            hours = blocks.opening_hours_from_raw(
                branch.opening_hours, branch.hours_exceptions, language
            ).with_exceptions(closures.for_centre(centre))
        status = hours.status(now, language)
        if open_now and not status.is_open:
            continue
        results.append(
            FinderResult(
                centre=centre,
                branch=branch,
                stop=stop,
                distance_km=row["distance_km"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                status=status,
                sentence=hours.sentence(now, language, status),
                next_opening=status.opens_at if not status.is_open else None,
            )
        )
        if len(results) == limit:
            break
    return results


@dataclass
class FinderOutcome:
    """Everything the page and the JSON endpoint show for one query."""

    state: str  # results, choices, unknown, invalid, empty
    place: object | None = None
    choices: list | None = None
    results: list[FinderResult] | None = None
    problems: dict | None = None  # field → messages, for invalid input
    nothing_nearby: bool = False
    open_now: bool = False


def find(form, *, locale_id: int, now: datetime, language: str, limit: int = DEFAULT_LIMIT):
    """Validate the form, resolve the place and rank what is near it."""
    from directory import gazetteer

    if not form.has_query:
        return FinderOutcome("empty")
    if not form.is_valid():
        return FinderOutcome("invalid", problems=form.errors.get_json_data())
    data = form.cleaned_data
    if data.get("lat") is not None:
        place = gazetteer.Place(
            name_el="Η θέση σας",
            name_en="Your location",
            latitude=data["lat"],
            longitude=data["lng"],
        )
    else:
        if data.get("place"):
            resolution = gazetteer.place_by_id(str(data["place"]))
        elif data.get("q"):
            resolution = gazetteer.resolve(data["q"])
        else:
            return FinderOutcome("empty")
        if resolution.status == "choices":
            return FinderOutcome("choices", choices=resolution.choices)
        if resolution.status != "found":
            code = resolution.problem or "name-unknown"
            return FinderOutcome(
                "invalid" if resolution.status == "invalid" else "unknown",
                problems={"q": [{"message": problem_message(code), "code": code}]},
            )
        place = resolution.place
    results = nearest(
        place.latitude,
        place.longitude,
        locale_id=locale_id,
        now=now,
        language=language,
        limit=limit,
        open_now=data.get("open_now", False),
    )
    far = not results or results[0].distance_km > NEARBY_KM
    return FinderOutcome(
        "results",
        place=place,
        results=results,
        nothing_nearby=far,
        open_now=data.get("open_now", False),
    )


def problem_message(code: str) -> str:
    from django.utils.translation import gettext as _

    messages = {
        "too-long": _("Type a postcode or a place name, not a longer text."),
        "unreadable": _("Type a postcode or a place name in letters or digits."),
        "empty": _("Type a postcode or a place name."),
        "postcode-digits": _("A Greek postcode has five digits, e.g. 61200."),
        "postcode-unknown": _(
            "We do not know the postcode you typed. Check it, or type the name of your town, "
            "e.g. Αξιούπολη."
        ),
        "name-unknown": _(
            "We could not find that place. Try a postcode (e.g. 61200), your municipality "
            "(e.g. Παιονία) or your town (e.g. Χανιά or Chania)."
        ),
        "place-unknown": _("That place is no longer in our list. Search again."),
    }
    return str(messages.get(code, messages["name-unknown"]))
