"""How HSDS ids map to our rows, in both directions.

An HSDS id must be a UUID that stays the same in every language and across exports. Pages
and translatable inline rows already carry such a UUID, their ``translation_key``, shared by
all translations, so it *is* the HSDS id: ``/services/{id}`` answers in Greek or English for
the same id, and importing an export finds the same rows again. Objects we hold as parts of a
row (a centre's Α/Β/Γ service group, a phone) get UUIDv5 ids derived from their owner, so they
never churn between exports.

An imported id that is not a UUID is mapped to a UUIDv5 of itself: the same input always
finds the same row.
"""

import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://koinotita.gr/hsds")

# The taxonomies we publish (``/taxonomies``): fixed ids, the same on every installation.
CATEGORIES_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy/categories")
TARGET_GROUPS_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy/target-groups")
CENTRE_SERVICE_GROUPS_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy/centre-service-groups")
ORGANISATION_KINDS_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy/organisation-kinds")
LOCATION_FLAGS_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy/location-flags")

# Their names as they appear in a term's ``taxonomy`` field.
TAXONOMY_NAMES = {
    CATEGORIES_TAXONOMY: "koinotita-categories",
    TARGET_GROUPS_TAXONOMY: "koinotita-target-groups",
    CENTRE_SERVICE_GROUPS_TAXONOMY: "koinotita-centre-service-groups",
    ORGANISATION_KINDS_TAXONOMY: "koinotita-organisation-kinds",
    LOCATION_FLAGS_TAXONOMY: "koinotita-location-flags",
}

# Flags carried as attributes: a community centre (skipped by the importer, which manages
# partners only) and a confidential location (no address or coordinates ever published).
COMMUNITY_CENTRE_CODE = "community-centre"
CONFIDENTIAL_CODE = "confidential"


def of(row) -> str:
    """The HSDS id of a page or translatable row."""
    return str(row.translation_key)


def derived(*parts) -> str:
    """A stable id for something that is part of another row, e.g. ``derived(centre_id, "A")``."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def schedule(prefix: str, key: str) -> str:
    """A stable id for a schedule of opening hours: ``prefix`` names its owner, ``key`` the
    rule or exception. Schedules keep the name space they were first published under, so the
    ids consumers already hold do not change."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"koinotita:{prefix}:{key}"))


def to_key(hsds_id: str) -> uuid.UUID:
    """The ``translation_key`` an imported HSDS id is stored under."""
    try:
        return uuid.UUID(str(hsds_id))
    except ValueError:
        return uuid.uuid5(NAMESPACE, f"imported/{hsds_id}")


def parse(value: str) -> uuid.UUID | None:
    """A path or query id as a UUID, or None when it is not one (the API answers 400 or 404)."""
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        return None
