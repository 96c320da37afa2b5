"""The CSV template (docs/hsds-csv-import.md): one row per service at a location.

``read`` turns rows into HSDS organisation objects for the same importer, and gives back a
function that names a problem's place as ``row 5, column hours``. ``write`` turns a partner's
services into rows of the same template, so a download imports again unchanged.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date

from directory import blocks
from directory.hsds import ids
from directory.hsds.csv_hours import (
    closures_text,
    hours_text,
    parse_closures,
    parse_hours,
    split_list,
)
from directory.hsds.validation import Problem

ORG_COLUMNS = {
    "organisation_id": "id",
    "organisation_name": "name",
    "organisation_description": "description",
    "legal_status": "legal_status",
    "organisation_email": "email",
    "organisation_website": "website",
    "organisation_phones": "phones",
    "tax_id": "tax_id",
}
LOCATION_COLUMNS = {
    "location_id": "id",
    "location_name": "name",
    "location_kind": "attributes",
    "street_address": "address_1",
    "postcode": "postal_code",
    "municipality": "city",
    "latitude": "latitude",
    "longitude": "longitude",
    "location_phone": "phones",
    "access_notes": "transportation",
    "accessibility": "accessibility",
    "location_hours": "schedules",
    "location_closures": "schedules",
}
SERVICE_COLUMNS = {
    "service_id": "id",
    "service_name": "name",
    "service_description": "description",
    "status": "status",
    "categories": "attributes",
    "target_groups": "attributes",
    "languages": "languages",
    "eligibility": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "free": "cost_options",
    "fees": "fees_description",
    "how_to_apply": "application_process",
    "referral": "referral_process",
    "required_documents": "required_documents",
    "service_phone": "phones",
    "service_email": "email",
    "last_verified": "assured_date",
}
LINK_COLUMNS = {"service_at_location_id": "id", "hours": "schedules"}
COLUMNS = [*ORG_COLUMNS, *LOCATION_COLUMNS, *SERVICE_COLUMNS, *LINK_COLUMNS]
YES, NO = {"yes", "y", "true", "1", "ναι"}, {"no", "n", "false", "0", "όχι", "οχι", ""}
STATUS_WORDS = {
    "active": "active",
    "temporarily-closed": "temporarily closed",
    "temporarily closed": "temporarily closed",
    "inactive": "inactive",
}


@dataclass(frozen=True)
class CsvProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class CsvProblems(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- reading ----------------------------------------------------------------------------------


def _term(taxonomy, code: str) -> dict:
    from directory.models import Category, TargetGroup

    model = Category if taxonomy == ids.CATEGORIES_TAXONOMY else TargetGroup
    key = model.objects.filter(code=code).values_list(
        "translation_key", flat=True
    ).first() or ids.derived(taxonomy, code)
    return {
        "id": str(key),
        "code": code,
        "name": code,
        "description": code,
        "taxonomy": ids.TAXONOMY_NAMES[taxonomy],
    }


def _flag(taxonomy, code: str) -> dict:
    return {
        "id": ids.derived(taxonomy, "attribute", code),
        "taxonomy_term": {
            "id": ids.derived(taxonomy, code),
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": ids.TAXONOMY_NAMES[taxonomy],
        },
    }


SPREADSHEET_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00(?:\.0+)?)?$")


def spreadsheet_date(text: str) -> str:
    """A date as a Greek spreadsheet writes it, as ISO: "01/11/2026" and "1.11.2026" are the
    1st of November (day first, as in Greece); "2026-11-01 00:00:00" is that day. Anything
    else is returned as written, for the date check to report."""
    found = ISO_DATE_TIME.match(text)
    if found:
        return found[1]
    found = SPREADSHEET_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _number(text: str):
    if text in ("", None):
        return None
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


class _Reader:
    def __init__(self):
        self.problems: list[CsvProblem] = []
        self.places: dict[tuple, int] = {}  # an HSDS path prefix → its row
        self.columns: dict[tuple, str] = {}  # an HSDS path → its column

    def problem(self, row, column, message):
        self.problems.append(CsvProblem(row, column, message))

    def merge(self, target: dict, fields: dict, row: int, first_row: dict, kind: str):
        """Fields of an organisation, location or service repeated on several rows must agree."""
        for column, value in fields.items():
            if column not in first_row:
                first_row[column] = (row, value)
            elif value and first_row[column][1] != value:
                self.problem(
                    row,
                    column,
                    f"differs from row {first_row[column][0]} for the same {kind}",
                )


# A cell a spreadsheet would run as a formula (CSV injection): written with a leading
# apostrophe, which spreadsheets hide and ``read`` removes, so downloads re-import unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguarded(value: str) -> str:
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read(text: str) -> tuple[list[dict], callable]:
    """Rows of the template → (HSDS organisations, ``where(problem)``). Raises ``CsvProblems``."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    state = _Reader()
    missing = [c for c in ("organisation_name",) if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    for column in missing:
        state.problem(1, column, "this column is required")
    for column in unknown:
        state.problem(1, column, "unknown column (see docs/hsds-csv-import.md)")
    if state.problems:
        raise CsvProblems(state.problems)
    organisations: dict[str, dict] = {}
    seen: dict[tuple, dict] = {}
    for row_number, row in enumerate(reader, start=2):
        row = {k: unguarded((v or "").strip()) for k, v in row.items() if k}
        if not any(row.values()):
            continue
        _read_row(state, row_number, row, organisations, seen)
    if state.problems:
        raise CsvProblems(state.problems)
    result = list(organisations.values())
    for organisation in result:
        organisation.pop("_index", None)
    return result, state_where(state)


def _id(value: str, *fallback) -> str:
    return value or ids.derived("csv", *fallback)


def _read_row(state: _Reader, n: int, row: dict, organisations: dict, seen: dict) -> None:
    name = row.get("organisation_name", "")
    if not name:
        state.problem(n, "organisation_name", "required")
        return
    org_id = _id(row.get("organisation_id", ""), "organisation", name)
    org = organisations.get(org_id)
    if org is None:
        org = {
            "id": org_id,
            "name": name,
            "description": row.get("organisation_description", ""),
            "legal_status": row.get("legal_status", ""),
            "phones": [
                {"id": ids.derived(org_id, "phone", p), "number": p}
                for p in split_list(row.get("organisation_phones", ""))
            ],
            "locations": [],
            "services": [],
            "_index": len(organisations),
        }
        for column in ("organisation_email", "organisation_website", "tax_id"):
            if row.get(column):
                org[ORG_COLUMNS[column]] = row[column]
        organisations[org_id] = org
        o_path = ("organizations", org["_index"])
        state.places[o_path] = n
        seen[o_path] = {}
    o_path = ("organizations", org["_index"])
    state.merge(
        org,
        {c: row.get(c, "") for c in ORG_COLUMNS if c != "organisation_id"},
        n,
        seen[o_path],
        "organisation",
    )
    location_id = None
    if row.get("location_name") or row.get("location_id"):
        location_id = _location(state, n, row, org, o_path, seen)
    if row.get("service_name") or row.get("service_id"):
        _service(state, n, row, org, o_path, location_id, seen)


def _location(state, n, row, org, o_path, seen) -> str:
    location_id = _id(
        row.get("location_id", ""), org["id"], "location", row.get("location_name", "")
    )
    for index, existing in enumerate(org["locations"]):
        if existing["id"] == location_id:
            l_path = (*o_path, "locations", index)
            fields = {c: row.get(c, "") for c in LOCATION_COLUMNS if c != "location_id"}
            state.merge(existing, fields, n, seen[l_path], "location")
            return location_id
    l_path = (*o_path, "locations", len(org["locations"]))
    kind = (row.get("location_kind") or "physical").lower()
    if kind not in ("physical", "virtual", "confidential"):
        state.problem(n, "location_kind", "use physical, virtual or confidential")
    location = {
        "id": location_id,
        "location_type": "virtual" if kind == "virtual" else "physical",
        "name": row.get("location_name") or org["name"],
        "attributes": [_flag(ids.LOCATION_FLAGS_TAXONOMY, ids.CONFIDENTIAL_CODE)]
        if kind == "confidential"
        else [],
        "phones": [
            {"id": ids.derived(location_id, "phone", p), "number": p}
            for p in split_list(row.get("location_phone", ""))
        ],
        "schedules": [],
    }
    if row.get("street_address") or row.get("postcode") or row.get("municipality"):
        location["addresses"] = [
            {
                "id": ids.derived(location_id, "address"),
                "address_1": row.get("street_address", ""),
                "city": row.get("municipality", ""),
                "state_province": "",
                "postal_code": row.get("postcode", ""),
                "country": "GR",
                "address_type": "physical",
            }
        ]
    for column in ("latitude", "longitude"):
        try:
            value = _number(row.get(column, ""))
        except ValueError:
            state.problem(n, column, f"{row[column]!r} is not a number")
            value = None
        if value is not None:
            location[column] = value
    if row.get("access_notes"):
        location["transportation"] = row["access_notes"]
    if row.get("accessibility"):
        location["accessibility"] = [
            {"id": ids.derived(location_id, "accessibility"), "description": row["accessibility"]}
        ]
    try:
        location["schedules"] = parse_hours(row.get("location_hours", ""), location_id)
    except ValueError as error:
        state.problem(n, "location_hours", str(error))
    hours_count = len(location["schedules"])
    try:
        location["schedules"] += parse_closures(row.get("location_closures", ""), location_id)
    except ValueError as error:
        state.problem(n, "location_closures", str(error))
    org["locations"].append(location)
    state.places[l_path] = n
    seen[l_path] = {}
    state.merge(
        location,
        {c: row.get(c, "") for c in LOCATION_COLUMNS if c != "location_id"},
        n,
        seen[l_path],
        "location",
    )
    for index in range(len(location["schedules"])):
        column = "location_hours" if index < hours_count else "location_closures"
        state.columns[(*l_path, "schedules", index)] = column
    for index in range(len(location.get("phones", []))):
        state.columns[(*l_path, "phones", index)] = "location_phone"
    return location_id


def _service(state, n, row, org, o_path, location_id, seen) -> None:
    service_id = _id(row.get("service_id", ""), org["id"], "service", row.get("service_name", ""))
    index = next((i for i, s in enumerate(org["services"]) if s["id"] == service_id), None)
    fields = {c: row.get(c, "") for c in SERVICE_COLUMNS if c != "service_id"}
    if index is not None:
        service = org["services"][index]
        s_path = (*o_path, "services", index)
        state.merge(service, fields, n, seen[s_path], "service")
    else:
        s_path = (*o_path, "services", len(org["services"]))
        service = _new_service(state, n, row, service_id, s_path)
        org["services"].append(service)
        state.places[s_path] = n
        seen[s_path] = {}
        state.merge(service, fields, n, seen[s_path], "service")
    if location_id is None:
        return
    link_id = _id(row.get("service_at_location_id", ""), service_id, location_id)
    a_path = (*s_path, "service_at_locations", len(service["service_at_locations"]))
    link = {"id": link_id, "location_id": location_id, "schedules": []}
    try:
        link["schedules"] = parse_hours(row.get("hours", ""), link_id)
    except ValueError as error:
        state.problem(n, "hours", str(error))
    service["service_at_locations"].append(link)
    state.places[a_path] = n
    state.columns[(*a_path, "location_id")] = "location_id"


def _new_service(state, n, row, service_id, s_path) -> dict:
    status = (row.get("status") or "active").lower()
    if status not in STATUS_WORDS:
        state.problem(n, "status", "use active, temporarily-closed or inactive")
    free = (row.get("free") or "").lower()
    if free not in YES | NO:
        state.problem(n, "free", "use yes or no")
    service = {
        "id": service_id,
        "name": row.get("service_name", ""),
        "description": row.get("service_description", ""),
        "status": STATUS_WORDS.get(status, "active"),
        "attributes": [],
        "languages": [
            {"id": ids.derived(service_id, "language", code), "code": code, "name": code}
            for code in split_list(row.get("languages", ""))
        ],
        "cost_options": [
            {"id": ids.derived(service_id, "cost", "free"), "option": "free", "amount": 0}
        ]
        if free in YES
        else [],
        "phones": [
            {"id": ids.derived(service_id, "phone", p), "number": p}
            for p in split_list(row.get("service_phone", ""))
        ],
        "required_documents": [
            {"id": ids.derived(service_id, "document", i), "document": d}
            for i, d in enumerate(split_list(row.get("required_documents", "")))
        ],
        "service_at_locations": [],
    }
    for column in (
        "eligibility",
        "fees",
        "how_to_apply",
        "referral",
        "service_email",
        "last_verified",
    ):
        if row.get(column):
            value = row[column]
            service[SERVICE_COLUMNS[column]] = (
                spreadsheet_date(value) if column == "last_verified" else value
            )
    for column in ("minimum_age", "maximum_age"):
        try:
            value = _number(row.get(column, ""))
        except ValueError:
            state.problem(n, column, f"{row[column]!r} is not a number")
            value = None
        if value is not None:
            service[column] = value
    for column, taxonomy in (
        ("categories", ids.CATEGORIES_TAXONOMY),
        ("target_groups", ids.TARGET_GROUPS_TAXONOMY),
    ):
        for code in split_list(row.get(column, "")):
            state.columns[(*s_path, "attributes", len(service["attributes"]))] = column
            term = _term(taxonomy, code)
            service["attributes"].append(
                {"id": ids.derived(service_id, "attribute", term["id"]), "taxonomy_term": term}
            )
    return service


FIELD_COLUMNS = {
    "organisation": {v: k for k, v in ORG_COLUMNS.items()},
    "location": {
        **{v: k for k, v in LOCATION_COLUMNS.items() if v != "schedules"},
        "addresses": "street_address",
        "location_type": "location_kind",
    },
    "service": {v: k for k, v in SERVICE_COLUMNS.items() if v != "attributes"},
    "link": {v: k for k, v in LINK_COLUMNS.items()},
}
ADDRESS_COLUMNS = {"address_1": "street_address", "postal_code": "postcode", "city": "municipality"}


def state_where(state: _Reader):
    def where(problem) -> str:
        if not isinstance(problem, Problem):
            return str(problem)
        path = tuple(problem.path)
        row, column = None, None
        for length in range(len(path), 0, -1):
            prefix = path[:length]
            if column is None and prefix in state.columns:
                column = state.columns[prefix]
            if prefix in state.places:
                row = state.places[prefix]
                rest = path[length:]
                if column is None:
                    column = _column_for(prefix, rest)
                break
        if row is None:
            return str(problem)
        return f"row {row}, column {column or '?'}: {problem.message}"

    return where


def _column_for(prefix: tuple, rest: tuple) -> str | None:
    kind = {
        2: "organisation",
        4: "location" if "locations" in prefix else "service",
        6: "link",
    }.get(len(prefix))
    if kind is None or not rest:
        return {
            "organisation": "organisation_name",
            "location": "location_name",
            "service": "service_name",
            "link": "location_id",
        }.get(kind)
    if kind == "location" and rest[0] == "addresses" and len(rest) > 2:
        return ADDRESS_COLUMNS.get(rest[2], "street_address")
    return FIELD_COLUMNS[kind].get(rest[0])


# --- writing ----------------------------------------------------------------------------------


def _plain(rich: str) -> str:
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", rich or "")
    text = re.sub(r"<[^>]+>", "", text)
    lines = [line.strip() for line in html.unescape(text).splitlines() if line.strip()]
    return "\n".join(lines)


def _latest(page):
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


class _GuardedWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({key: guarded(value) for key, value in rowdict.items()})


def write(organisation, stream) -> None:
    """The organisation's services (as its editors last saved them) as template rows."""
    from directory.models import ServicePage

    org = _latest(organisation.specific)
    writer = _GuardedWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    base = {
        "organisation_id": ids.of(org),
        "organisation_name": org.title,
        "organisation_description": org.description,
        "legal_status": org.legal_status,
        "organisation_email": org.email,
        "organisation_website": org.website,
        "organisation_phones": "; ".join(p for p in (org.phone, org.phone_alt) if p),
        "tax_id": org.tax_id,
    }
    locations = {location.pk: location for location in org.locations.all()}
    used = set()
    for stored in ServicePage.objects.child_of(organisation).order_by("path"):
        service = _latest(stored)
        service_row = {
            "service_id": ids.of(service),
            "service_name": service.title,
            "service_description": service.description,
            "status": service.status,
            "categories": "; ".join(sorted(c.code for c in service.categories.all())),
            "target_groups": "; ".join(sorted(t.code for t in service.target_groups.all())),
            "languages": "; ".join(sorted(lang.code for lang in service.languages.all())),
            "eligibility": service.eligibility,
            "minimum_age": "" if service.minimum_age is None else service.minimum_age,
            "maximum_age": "" if service.maximum_age is None else service.maximum_age,
            "free": "yes" if service.is_free else "no",
            "fees": service.fees,
            "how_to_apply": _plain(service.how_to_apply),
            "referral": service.referral,
            "required_documents": "; ".join(
                " — ".join(p for p in (c["value"].get("name"), c["value"].get("note")) if p)
                for c in blocks.raw_children(service.required_documents)
            ),
            "service_phone": service.phone,
            "service_email": service.email,
            "last_verified": service.last_verified.isoformat() if service.last_verified else "",
        }
        links = list(service.service_locations.all())
        if not links:
            writer.writerow({**base, **service_row})
        for link in links:
            location = locations.get(link.location_id) or link.location
            used.add(location.pk)
            writer.writerow(
                {
                    **base,
                    **_location_row(location),
                    **service_row,
                    "service_at_location_id": ids.of(link),
                    "hours": hours_text(blocks.raw_children(link.opening_hours)),
                }
            )
    for location in locations.values():
        if location.pk not in used:
            writer.writerow({**base, **_location_row(location)})


def _location_row(location) -> dict:
    return {
        "location_id": ids.of(location),
        "location_name": location.name,
        "location_kind": location.kind,
        "street_address": location.street_address,
        "postcode": location.postcode,
        "municipality": location.municipality,
        "latitude": "" if location.latitude is None else location.latitude,
        "longitude": "" if location.longitude is None else location.longitude,
        "location_phone": location.front_door_phone,
        "access_notes": location.access_notes,
        "accessibility": location.accessibility,
        "location_hours": hours_text(blocks.raw_children(location.opening_hours)),
        "location_closures": closures_text(blocks.raw_children(location.hours_exceptions)),
    }
