"""Municipality names as other publishers write them, into the gazetteer's one spelling.

"Δήμος Ηρακλείου", "Ηράκλειο", "ΗΡΑΚΛΕΙΟΥ", "Δ. Ηρακλείου" and "Heraklion" are one
municipality; left as written, the directory's municipality filter would list each apart.
A name is matched, accents, capitals and final sigma folded, against each municipality's
full and short names, its seat and its English name; a postcode decides between namesakes
(Ηρακλείου in Crete and in Attica). What matches is stored as the gazetteer writes it in the
import's language ("Δήμος Ηρακλείου", "Municipality of Heraklion"); what does not is kept as
written, with a warning.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from search.normalise import fold

NEAREST_KM = 5.0
PREFIXES = re.compile(
    r"^(?:δημος|δημου|δ\.|δ |municipality of|municipality|dimos|dhmos|dimou)\s*", re.IGNORECASE
)


def _key(text: str) -> str:
    folded = " ".join(fold(text or "").replace("-", " ").split())
    folded = PREFIXES.sub("", folded).strip(" .,")
    return re.sub(r"\s*\(.*?\)\s*", " ", folded).strip()


@dataclass(frozen=True)
class Found:
    name: str  # as stored, in the import's language
    matched: bool


class Municipalities:
    """The gazetteer's municipalities, read once per import."""

    def __init__(self):
        from directory.models import Municipality, PlaceName, Postcode

        self.rows = list(Municipality.objects.all())
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_pk = {m.pk: m for m in self.rows}
        self.keys_of: dict[int, set[str]] = defaultdict(set)
        for m in self.rows:
            for name in (m.name_el, m.short_name_el, m.seat_el, m.name_en, m.seat_en):
                if name:
                    self.by_key[_key(name)].add(m.pk)
                    self.keys_of[m.pk].add(_key(name))
        # Towns and villages: "Βούτες", "Αξιούπολη" name their municipality.
        self.by_place: dict[str, set[int]] = defaultdict(set)
        for name_el, name_en, municipality_id in PlaceName.objects.filter(
            municipality__isnull=False
        ).values_list("name_el", "name_en", "municipality_id"):
            for name in (name_el, name_en):
                if name:
                    self.by_place[_key(name)].add(municipality_id)
        self.postcodes = dict(
            Postcode.objects.filter(municipality__isnull=False).values_list(
                "code", "municipality_id"
            )
        )

    def normalise(self, written: str, postcode: str, language: str, point=None) -> Found:
        written = (written or "").strip()
        by_postcode = self.postcodes.get((postcode or "").strip())
        if not written:
            if by_postcode:
                return Found(self.name(self.by_pk[by_postcode], language), True)
            return Found("", False)
        candidates = self.by_key.get(_key(written), set()) or self.by_place.get(
            _key(written), set()
        )
        wanted = _key(written)
        if (
            by_postcode
            and by_postcode not in candidates
            and any(key.startswith(wanted) for key in self.keys_of[by_postcode])
        ):
            candidates = {by_postcode}  # "Ηράκλειο" at 14122: Ηράκλειο (Αττικής), not Crete's
        if not candidates and by_postcode:
            candidates = {by_postcode}  # "Αθηνών", "Θεσ/νίκη": the postcode says where
        if not candidates and point is not None:
            nearest = self._nearest(point)
            if nearest is not None:
                candidates = {nearest}  # a suburb's name we do not list: where it is
        if len(candidates) > 1 and by_postcode in candidates:
            candidates = {by_postcode}
        if len(candidates) > 1 and point is not None:
            lat, lng = point
            nearest = min(
                candidates,
                key=lambda pk: (
                    (self.by_pk[pk].latitude - lat) ** 2 + (self.by_pk[pk].longitude - lng) ** 2
                ),
            )
            candidates = {nearest}
        if len(candidates) == 1:
            name = self.name(self.by_pk[next(iter(candidates))], language)
            if "".join(written.split()) == "".join(name.split()):
                name = written  # "Μαρωνείας-Σαπών": the same spelling but for the spaces
            return Found(name, True)
        return Found(written, False)

    def _nearest(self, point) -> int | None:
        """The municipality whose centre is nearest, if within a few kilometres (a town's
        own municipality; farther than that, the point alone is no evidence)."""
        lat, lng = point
        scale = math.cos(math.radians(lat))
        best, distance = None, None
        for m in self.rows:
            d = math.hypot(m.latitude - lat, (m.longitude - lng) * scale) * 111.2
            if distance is None or d < distance:
                best, distance = m.pk, d
        return best if distance is not None and distance <= NEAREST_KM else None

    @staticmethod
    def name(municipality, language: str) -> str:
        if language == "el":
            return municipality.name_el
        return f"Municipality of {municipality.name_en}"
