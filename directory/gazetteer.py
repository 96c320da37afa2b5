"""Turn what a resident typed — a postcode, a municipality, a seat or a town, in any case,
with or without accents, or in Greeklish — into a point, a list of choices, or a helpful "no".

Loading: ``load_gazetteer()`` (run by a data migration and by ``manage.py load_gazetteer``)
reads the CSV files in ``directory/data/`` and is idempotent.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from core.params import clean_text, integer_or
from search.normalise import fold, phonetic_key, phonetic_keys

DATA = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA / "greek_municipalities_332_centroids.csv"
POSTCODES_CSV = DATA / "greek_postcodes_approx.csv"
TOWNS_CSV = DATA / "towns.csv"

MAX_PLACE_QUERY_LENGTH = 100  # a place name or postcode, longer than any in the gazetteer
MAX_ID = 2**31 - 1  # the largest primary key every database accepts in a lookup
MIN_PREFIX = 4
MAX_CHOICES = 12
# Words residents add that do not name the place: "Δήμος Παιονίας", "dimos xanthis".
NOISE_WORDS = {"δημοσ", "δημου", "dimos", "dimou", "municipality", "of", "kentro", "κεντρο"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
KIND_ORDER = {"town": 0, "seat": 1, "municipality": 2}


@dataclass(frozen=True)
class Place:
    """A resolved place: a point with a name to show."""

    name_el: str
    name_en: str
    latitude: float
    longitude: float
    municipality_el: str = ""
    municipality_en: str = ""
    region_el: str = ""
    region_en: str = ""
    place_id: int | None = None
    approximate: bool = False

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_el

    def context(self, language: str) -> str:
        parts = (
            (self.municipality_en, self.region_en)
            if language == "en"
            else (self.municipality_el, self.region_el)
        )
        return ", ".join(p for p in parts if p and p != self.name(language))


@dataclass
class Resolution:
    """``status`` is one of found, choices, unknown, invalid."""

    status: str
    place: Place | None = None
    choices: list[Place] = field(default_factory=list)
    problem: str = ""  # a code the view turns into a translated message


def _place(row) -> Place:
    municipality = row.municipality
    return Place(
        name_el=row.name_el,
        name_en=row.name_en,
        latitude=row.latitude,
        longitude=row.longitude,
        municipality_el=municipality.name_el if municipality else "",
        municipality_en=municipality.name_en if municipality else "",
        region_el=municipality.region_el if municipality else "",
        region_en=municipality.region_en if municipality else "",
        place_id=row.pk,
    )


def clean_query(raw: str) -> tuple[str, str]:
    """The query as ``core.params.clean_text`` keeps free text, or a problem code: a query
    too long or with control characters is refused rather than cut or cleaned, so the resident
    is told why nothing was found."""
    if len(raw) > MAX_PLACE_QUERY_LENGTH:
        return "", "too-long"
    if CONTROL.search(raw):
        return "", "unreadable"
    text = clean_text(raw, MAX_PLACE_QUERY_LENGTH)
    if not text:
        return "", "empty"
    return text, ""


def resolve(raw: str) -> Resolution:
    text, problem = clean_query(raw)
    if problem:
        return Resolution("invalid", problem=problem)
    compact = text.replace(" ", "")
    if compact.isdigit():
        return resolve_postcode(compact)
    return resolve_name(text)


def resolve_postcode(code: str) -> Resolution:
    from directory.models import Postcode

    if len(code) != 5:
        return Resolution("invalid", problem="postcode-digits")
    row = Postcode.objects.select_related("municipality").filter(code=code).first()
    if row is not None:
        municipality = row.municipality
        return Resolution(
            "found",
            Place(
                name_el=code,
                name_en=code,
                latitude=row.latitude,
                longitude=row.longitude,
                municipality_el=municipality.name_el if municipality else row.place_el.title(),
                municipality_en=municipality.name_en if municipality else "",
                region_el=municipality.region_el if municipality else "",
                region_en=municipality.region_en if municipality else "",
            ),
        )
    # An unlisted postcode: its first three digits share an area (e.g. 612xx, Kilkis).
    nearby = list(Postcode.objects.filter(code__startswith=code[:3])[:50])
    if nearby:
        latitude = sum(p.latitude for p in nearby) / len(nearby)
        longitude = sum(p.longitude for p in nearby) / len(nearby)
        return Resolution(
            "found",
            Place(
                name_el=code, name_en=code, latitude=latitude, longitude=longitude, approximate=True
            ),
        )
    return Resolution("unknown", problem="postcode-unknown")


def resolve_name(text: str) -> Resolution:
    from directory.models import PlaceName

    words = [w for w in fold(text).split() if w not in NOISE_WORDS]
    folded = " ".join(words)
    if not folded:
        return Resolution("unknown", problem="name-unknown")
    keys = phonetic_keys(folded)
    rows = PlaceName.objects.select_related("municipality")
    exact = list(rows.filter(Q(key__in=keys) | Q(latin=folded))[: MAX_CHOICES * 3])
    matches = exact
    if not matches and len(folded) >= MIN_PREFIX:
        prefix = Q(latin__startswith=folded)
        for key in sorted(k for k in keys if len(k) >= MIN_PREFIX)[:8]:
            prefix |= Q(key__startswith=key)
        matches = list(rows.filter(prefix)[: MAX_CHOICES * 3])
    places = distinct_places(matches)
    if not places:
        return Resolution("unknown", problem="name-unknown")
    if len(places) == 1:
        return Resolution("found", places[0])
    return Resolution("choices", choices=places[:MAX_CHOICES])


def distinct_places(rows) -> list[Place]:
    """One place per municipality (a town or seat beats the municipality's centroid); places
    in different municipalities stay apart — they are the choices."""
    best: dict[object, object] = {}
    for row in sorted(rows, key=lambda r: (KIND_ORDER.get(r.kind, 9), r.name_el)):
        group = row.municipality_id or (round(row.latitude, 2), round(row.longitude, 2))
        best.setdefault(group, row)
    return [_place(row) for row in best.values()]


def place_by_id(place_id: str) -> Resolution:
    from directory.models import PlaceName

    pk = integer_or(place_id, 0, minimum=1, maximum=MAX_ID)
    if not pk:
        return Resolution("invalid", problem="place-unknown")
    row = PlaceName.objects.select_related("municipality").filter(pk=pk).first()
    if row is None:
        return Resolution("unknown", problem="place-unknown")
    return Resolution("found", _place(row))


# --- loading ---------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_gazetteer(municipality_model=None, postcode_model=None, place_model=None) -> dict:
    """Create or update municipalities, postcodes and place names from the shipped CSVs.

    The models can be passed in so a data migration can use its historical models.
    """
    if municipality_model is None:
        from directory.models import Municipality, PlaceName, Postcode

        municipality_model, postcode_model, place_model = Municipality, Postcode, PlaceName
    with transaction.atomic():
        by_name = {}
        for row in _rows(MUNICIPALITIES_CSV):
            municipality, _ = municipality_model.objects.update_or_create(
                code=int(row["elutils_id"]),
                defaults={
                    "name_el": row["name_el"],
                    "short_name_el": row["short_name_el"],
                    "name_en": row["name_en"],
                    "seat_el": row["seat_el"],
                    "seat_en": row["seat_en"],
                    "regional_unit_el": row["regional_unit_el"],
                    "regional_unit_en": row["regional_unit_en"],
                    "region_el": row["region_el"],
                    "region_en": row["region_en"],
                    "latitude": float(row["lat"]),
                    "longitude": float(row["lon"]),
                },
            )
            by_name[row["name_el"]] = municipality
        postcode_model.objects.all().delete()
        postcode_model.objects.bulk_create(
            postcode_model(
                code=row["postcode"],
                place_el=row["place_el"],
                municipality=by_name.get(row["municipality_el"]),
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
                precision=row["precision"],
            )
            for row in _rows(POSTCODES_CSV)
        )
        places = []
        for municipality in by_name.values():
            places.append(
                _place_row(
                    place_model,
                    municipality.short_name_el,
                    municipality.name_en,
                    "municipality",
                    municipality,
                    municipality.latitude,
                    municipality.longitude,
                )
            )
            places.append(
                _place_row(
                    place_model,
                    municipality.seat_el,
                    municipality.seat_en,
                    "seat",
                    municipality,
                    municipality.latitude,
                    municipality.longitude,
                )
            )
        for row in _rows(TOWNS_CSV):
            places.append(
                _place_row(
                    place_model,
                    row["name_el"],
                    row["name_en"],
                    "town",
                    by_name.get(row["municipality_el"]),
                    float(row["lat"]),
                    float(row["lon"]),
                )
            )
        place_model.objects.all().delete()
        place_model.objects.bulk_create(places)
    return {
        "municipalities": len(by_name),
        "postcodes": postcode_model.objects.count(),
        "places": len(places),
    }


def _place_row(model, name_el, name_en, kind, municipality, latitude, longitude):
    return model(
        name_el=name_el,
        name_en=name_en,
        kind=kind,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        key=phonetic_key(name_el),
        latin=fold(name_en),
    )
