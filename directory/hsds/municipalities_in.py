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

import re
from collections import defaultdict
from dataclasses import dataclass

from search.normalise import fold

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
        from directory.models import Municipality, Postcode

        self.rows = list(Municipality.objects.all())
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_pk = {m.pk: m for m in self.rows}
        for m in self.rows:
            for name in (m.name_el, m.short_name_el, m.seat_el, m.name_en, m.seat_en):
                if name:
                    self.by_key[_key(name)].add(m.pk)
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
        candidates = self.by_key.get(_key(written), set())
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

    @staticmethod
    def name(municipality, language: str) -> str:
        if language == "el":
            return municipality.name_el
        return f"Municipality of {municipality.name_en}"
