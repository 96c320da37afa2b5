"""What counts as a change when an HSDS import meets a page that already exists.

The importer compares a snapshot of the stored page (its fields, its locations or service
locations with their opening hours as sets of sessions, its terms and documents) before and
after applying the input: equal snapshots mean "unchanged", and no revision is written. Kept
apart from the importer (directory/hsds/importer.py) so the fields that count are listed in
one place, next to how each is compared.
"""

from __future__ import annotations

from datetime import date

from directory.blocks import raw_children
from directory.hsds import schedules_in, values_in

ORG_FIELDS = (
    "title",
    "description",
    "legal_status",
    "website",
    "email",
    "phone",
    "phone_alt",
    "tax_id",
)
LOCATION_FIELDS = (
    "name",
    "kind",
    "street_address",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "access_notes",
    "accessibility",
    "front_door_phone",
)
# Not ``source_updated``: the publisher's own date moves with every export of theirs; it is
# stored when something else changed, never a change on its own.
SERVICE_FIELDS = (
    "title",
    "description",
    "status",
    "status_note",
    "reopens_on",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "is_free",
    "fees",
    "referral",
    "phone",
    "email",
    "last_verified",
)


def organisation_snapshot(page, rows) -> tuple:
    return (
        tuple(getattr(page, name) for name in ORG_FIELDS),
        tuple(
            (
                row.translation_key,
                *(getattr(row, name) for name in LOCATION_FIELDS),
                frozenset(schedules_in.session_set(raw_children(row.opening_hours))),
                tuple(schedules_in.exception_list(raw_children(row.hours_exceptions))),
            )
            for row in rows
        ),
    )


def service_snapshot(page, rows, terms) -> tuple:
    return (
        tuple(comparable(getattr(page, name)) for name in SERVICE_FIELDS),
        values_in.plain(page.how_to_apply),
        tuple(documents(page.required_documents)),
        tuple(sorted(terms["categories"])),
        tuple(sorted(terms["target_groups"])),
        tuple(sorted(terms["languages"])),
        tuple(
            (
                row.translation_key,
                row.location_id,
                frozenset(schedules_in.session_set(raw_children(row.opening_hours))),
                tuple(schedules_in.exception_list(raw_children(row.hours_exceptions))),
            )
            for row in rows
        ),
    )


def documents(stream_value) -> list[tuple[str, str]]:
    return [
        (
            values_in.as_text((c.get("value") or {}).get("name")),
            values_in.as_text((c.get("value") or {}).get("note")),
        )
        for c in raw_children(stream_value)
    ]


def comparable(value):
    return value.isoformat() if isinstance(value, date) else value


SERVICE_PARTS = (
    "how_to_apply",
    "required_documents",
    "categories",
    "target_groups",
    "languages",
    "places and hours",
)


def changed_parts(kind: str, before: tuple, after: tuple) -> list[str]:
    """What differs between two snapshots, by field name: what an import preview shows."""
    names = ORG_FIELDS if kind == "organisation" else SERVICE_FIELDS
    found = [name for name, a, b in zip(names, before[0], after[0], strict=True) if a != b]
    if kind == "organisation":
        if before[1] != after[1]:
            found.append("locations and hours")
        return found
    for name, a, b in zip(SERVICE_PARTS, before[1:], after[1:], strict=True):
        if a != b:
            found.append(name)
    return found
