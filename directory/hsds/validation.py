"""Check HSDS organisations before anything is written: the official ``organization.json``
schema (with format checks for uuid, date-time, email and uri), then what the schema cannot
say but the importer relies on (times, days, dates, ids that must be unique, a location for
every service at a location).

Each problem names its place, e.g. ``organizations[3].services[1].schedules[0].opens_at``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from directory.hsds import ids
from directory.hsds.schedules_in import parse_byday, parse_bymonthday, parse_date, parse_time
from directory.hsds.schemas import schema


@dataclass(frozen=True)
class Problem:
    path: tuple  # ("organizations", 3, "services", 1, "schedules", 0, "opens_at")
    message: str

    @property
    def place(self) -> str:
        return place(self.path)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.path else self.message


def place(path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# --- the official schema ----------------------------------------------------------------------


@functools.cache
def _schema_errors():
    """A function yielding (path, message) for an organisation. ``jsonschema_rs`` checks the
    official schema with its formats (uuid, date-time, email, uri) some sixty times faster
    than the pure-Python ``jsonschema``, which matters for an import of 100 000 services."""
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(schema("organization"), validate_formats=True)

    def errors(instance):
        for error in validator.iter_errors(instance):
            yield tuple(error.instance_path), error.message

    return errors


# --- semantic checks --------------------------------------------------------------------------


def _schedule_problems(schedules, path) -> list[Problem]:
    problems = []
    for index, schedule in enumerate(schedules or []):
        if not isinstance(schedule, dict):
            continue
        here = (*path, index)
        for key in ("opens_at", "closes_at"):
            if schedule.get(key) not in (None, ""):
                try:
                    parse_time(schedule[key])
                except ValueError as error:
                    problems.append(Problem((*here, key), str(error)))
        if bool(schedule.get("opens_at")) != bool(schedule.get("closes_at")):
            missing = "closes_at" if schedule.get("opens_at") else "opens_at"
            problems.append(
                Problem((*here, missing), "give both opens_at and closes_at, or neither")
            )
        if schedule.get("byday") not in (None, ""):
            try:
                parse_byday(schedule["byday"])
            except ValueError as error:
                problems.append(Problem((*here, "byday"), str(error)))
        if schedule.get("bymonthday") not in (None, "", []):
            try:
                parse_bymonthday(schedule["bymonthday"])
            except ValueError as error:
                problems.append(Problem((*here, "bymonthday"), str(error)))
        dates = {}
        for key in ("valid_from", "valid_to"):
            try:
                dates[key] = parse_date(schedule.get(key))
            except ValueError:
                problems.append(
                    Problem((*here, key), f"{schedule.get(key)!r} is not a date (YYYY-MM-DD)")
                )
        if (
            dates.get("valid_from")
            and dates.get("valid_to")
            and dates["valid_to"] < dates["valid_from"]
        ):
            problems.append(Problem((*here, "valid_to"), "is before valid_from"))
        if dates.get("valid_to") and not dates.get("valid_from") and "valid_from" in dates:
            problems.append(Problem((*here, "valid_from"), "valid_to is given without it"))
        timezone = schedule.get("timezone")
        if isinstance(timezone, (int, float)) and not -12 <= timezone <= 14:
            problems.append(Problem((*here, "timezone"), "is not a UTC offset (-12 to 14)"))
    return problems


def _check_date(value, path, problems):
    if value in (None, ""):
        return
    try:
        date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(path, f"{value!r} is not a date (YYYY-MM-DD)"))


class _Ids:
    """Ids that must name one thing in the whole input."""

    def __init__(self):
        self.seen: dict[tuple[str, object], tuple] = {}
        self.kinds: dict[object, tuple[str, tuple]] = {}

    def check(self, kind: str, value, path, problems, same_owner=None):
        if not value:
            return
        other = self.kinds.setdefault(ids.to_key(value), (kind, path))
        if other[0] != kind:
            problems.append(
                Problem(
                    path, f"the id {value} is already the id of another kind ({place(other[1])})"
                )
            )
            return
        key = (kind, ids.to_key(value))
        if key in self.seen:
            first, owner = self.seen[key]
            if same_owner is not None and owner == same_owner:
                return  # the same location listed again (org.locations and SAL.location)
            problems.append(Problem(path, f"the id {value} is used twice (also at {place(first)})"))
            return
        self.seen[key] = (path, same_owner)


# Longer than any real name or description: a file that holds one is broken or hostile, and a
# cut would silently publish a fragment.
MAX_NAME = 500
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
MAX_TEXT = 20_000


def _sizes(value, path, problems: list[Problem]) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _sizes(item, (*path, name), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _sizes(item, (*path, index), problems)
    elif isinstance(value, str):
        if NOT_TEXT.search(value):
            problems.append(
                Problem(path, "holds a character that is not text (a NUL or a lone surrogate)")
            )
        limit = MAX_NAME if path and path[-1] in ("name", "alternate_name") else MAX_TEXT
        if len(value) > limit:
            problems.append(Problem(path, f"is {len(value):,} characters long (at most {limit:,})"))


def _named(item: dict, path, problems: list[Problem]) -> None:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem((*path, "name"), "a name is required"))


def semantic_problems(
    organisations: list, root: tuple = ("organizations",), unique=None, offset: int = 0
) -> list[Problem]:
    """``unique`` (the ids seen so far) and ``offset`` (the first organisation's place in the
    file) let a long file be checked a part at a time."""
    problems: list[Problem] = []
    unique = unique if unique is not None else _Ids()
    for o_index, organisation in enumerate(organisations, start=offset):
        _sizes(organisation, (*root, o_index), problems)
        if not isinstance(organisation, dict):
            continue
        o_path = (*root, o_index)
        _named(organisation, o_path, problems)
        unique.check("organization", organisation.get("id"), (*o_path, "id"), problems)
        locations = {}
        listed = set()
        for l_index, location in enumerate(organisation.get("locations") or []):
            if not isinstance(location, dict):
                continue
            l_path = (*o_path, "locations", l_index)
            key = ids.to_key(location.get("id")) if location.get("id") else None
            if key in listed:
                problems.append(
                    Problem((*l_path, "id"), "this location is listed twice in the organisation")
                )
            listed.add(key)
            unique.check("location", location.get("id"), (*l_path, "id"), problems, o_index)
            locations[key] = location
            problems.extend(_schedule_problems(location.get("schedules"), (*l_path, "schedules")))
        for s_index, service in enumerate(organisation.get("services") or []):
            if not isinstance(service, dict):
                continue
            s_path = (*o_path, "services", s_index)
            _named(service, s_path, problems)
            unique.check("service", service.get("id"), (*s_path, "id"), problems)
            owner = service.get("organization_id")
            if (
                owner
                and organisation.get("id")
                and ids.to_key(owner) != ids.to_key(organisation["id"])
            ):
                problems.append(
                    Problem(
                        (*s_path, "organization_id"),
                        "names another organisation than the one the service is listed in",
                    )
                )
            _check_date(service.get("assured_date"), (*s_path, "assured_date"), problems)
            problems.extend(_schedule_problems(service.get("schedules"), (*s_path, "schedules")))
            seen_here = set()
            for a_index, link in enumerate(service.get("service_at_locations") or []):
                if not isinstance(link, dict):
                    continue
                a_path = (*s_path, "service_at_locations", a_index)
                unique.check("service_at_location", link.get("id"), (*a_path, "id"), problems)
                problems.extend(_schedule_problems(link.get("schedules"), (*a_path, "schedules")))
                location = link.get("location")
                location_id = (location or {}).get("id") or link.get("location_id")
                if not location_id:
                    problems.append(
                        Problem(
                            a_path, "a service at a location needs its location (or location_id)"
                        )
                    )
                    continue
                key = ids.to_key(location_id)
                if key in seen_here:
                    problems.append(Problem(a_path, "the service is linked to this location twice"))
                seen_here.add(key)
                if isinstance(location, dict):
                    unique.check(
                        "location", location_id, (*a_path, "location", "id"), problems, o_index
                    )
                    problems.extend(
                        _schedule_problems(
                            location.get("schedules"), (*a_path, "location", "schedules")
                        )
                    )
    return problems


class Checker:
    """Checks a long file a part at a time: the ids seen are kept between parts, nothing
    else (decision 0018: imports in bounded memory)."""

    def __init__(self, root: tuple = ("organizations",)):
        self.root = root
        self.unique = _Ids()
        self.offset = 0
        self.found: list[Problem] = []

    def add(self, organisations: list) -> None:
        self.found += problems(organisations, self.root, self.unique, self.offset)
        self.offset += len(organisations)


def problems(
    organisations: list, root: tuple = ("organizations",), unique=None, offset: int = 0
) -> list[Problem]:
    """Every problem in the input, schema first, in input order."""
    found: list[Problem] = []
    check = _schema_errors()
    for index, organisation in enumerate(organisations, start=offset):
        if not isinstance(organisation, dict):
            found.append(Problem((*root, index), "is not an object"))
            continue
        for path, message in check(organisation):
            found.append(Problem((*root, index, *path), message))
    found.extend(semantic_problems(organisations, root, unique, offset))
    return found
