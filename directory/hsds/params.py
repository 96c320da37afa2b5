"""The API's query parameters, checked before any query runs.

Every malformed value raises ``BadParameter`` with the parameter's name and a sentence that
says what is allowed; the view answers it with a 400 and a JSON error, never a 500. Unknown
parameters are ignored, as HSDS clients send their own.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from core.params import BadParameter
from directory.hsds import ids

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PAGE = 100_000
MAX_PROXIMITY_KM = 200
DEFAULT_PROXIMITY_KM = 25
MAX_SEARCH = 200
LANGUAGES = ("el", "en")
TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no", "")


@dataclass
class ApiQuery:
    search: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    ndjson: bool = False
    full: bool = False
    full_service: bool = False
    minimal: bool = False
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    parent_id: str | None = None
    top_only: bool = False
    modified_after: datetime | None = None
    postcode: str = ""
    proximity_km: float | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def near(self) -> bool:
        return bool(self.postcode) or self.latitude is not None


def _single(params, name: str) -> str | None:
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadParameter(name, f"Give {name} once.")
    if "\x00" in values[0]:
        raise BadParameter(name, f"{name} must not contain a NUL character.")
    return values[0]


def _integer(params, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = _single(params, name)
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise BadParameter(name, f"{name} must be a whole number of at least {low}.")
    value = int(raw)
    if value < low:
        raise BadParameter(name, f"{name} must be a whole number of at least {low}.")
    if high is not None and value > high:
        raise BadParameter(name, f"{name} must be at most {high}.")
    return value


def _boolean(params, name: str) -> bool:
    raw = _single(params, name)
    if raw is None:
        return False
    lowered = raw.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise BadParameter(name, f"{name} must be true or false.")


def _uuid(params, name: str) -> str | None:
    raw = _single(params, name)
    if raw is None or raw == "":
        return None
    parsed = ids.parse(raw.strip())
    if parsed is None:
        raise BadParameter(name, f"{name} must be a UUID, as the ids this API returns are.")
    return str(parsed)


def _float(params, name: str, low: float, high: float) -> float | None:
    raw = _single(params, name)
    if raw is None:
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        value = None
    if value is None or value != value or not low <= value <= high:  # NaN fails value == value
        raise BadParameter(name, f"{name} must be a number from {low:g} to {high:g}.")
    return value


def _datetime(params, name: str) -> datetime | None:
    raw = _single(params, name)
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip().replace("Z", "+00:00").replace(" ", "+")
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time.min)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            name, f"{name} must be an ISO 8601 date or date-time, e.g. 2026-01-31T09:00:00Z."
        ) from None
    if moment.tzinfo is None:
        from directory.hours import ATHENS

        moment = moment.replace(tzinfo=ATHENS)
    if not 1900 <= moment.year <= 9998:
        raise BadParameter(name, f"{name} must be a date between the years 1900 and 9998.")
    return moment.astimezone(UTC)


def parse(params) -> ApiQuery:
    """All list parameters; each is optional and they combine with AND."""
    query = ApiQuery(
        page=_integer(params, "page", 1, 1, MAX_PAGE),
        per_page=min(_integer(params, "per_page", DEFAULT_PER_PAGE, 1), MAX_PER_PAGE),
        full=_boolean(params, "full"),
        full_service=_boolean(params, "full_service"),
        minimal=_boolean(params, "minimal"),
        top_only=_boolean(params, "top_only"),
        taxonomy_term_id=_uuid(params, "taxonomy_term_id"),
        taxonomy_id=_uuid(params, "taxonomy_id"),
        organization_id=_uuid(params, "organization_id"),
        parent_id=_uuid(params, "parent_id"),
        modified_after=_datetime(params, "modified_after"),
    )
    search = _single(params, "search") or ""
    if len(search) > MAX_SEARCH:
        raise BadParameter("search", f"search must be at most {MAX_SEARCH} characters.")
    query.search = search.strip()
    format_ = (_single(params, "format") or "json").strip().lower()
    if format_ not in ("json", "ndjson"):
        raise BadParameter("format", "format must be json or ndjson.")
    query.ndjson = format_ == "ndjson"
    postcode = (_single(params, "postcode") or "").strip().replace(" ", "")
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 5):
        raise BadParameter("postcode", "postcode must be a Greek postcode of five digits.")
    query.postcode = postcode
    query.latitude = _float(params, "lat", 34.0, 42.0)
    query.longitude = _float(params, "lng", 19.0, 30.0)
    if (query.latitude is None) != (query.longitude is None):
        raise BadParameter("lat" if query.latitude is None else "lng", "Give lat and lng together.")
    if query.postcode and query.latitude is not None:
        raise BadParameter("postcode", "Give either postcode or lat and lng, not both.")
    proximity = _float(params, "proximity", 0.1, MAX_PROXIMITY_KM)
    if proximity is not None and not query.near:
        raise BadParameter("proximity", "proximity needs postcode, or lat and lng.")
    query.proximity_km = proximity if proximity is not None else DEFAULT_PROXIMITY_KM
    return query


def language(params, accept_language: str) -> str:
    """``?lang=`` first, else the first supported language of ``Accept-Language``, else Greek."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    chosen = _single(params, "lang")
    if chosen is not None:
        chosen = chosen.strip().lower()
        if chosen not in LANGUAGES:
            raise BadParameter("lang", "lang must be el or en.")
        return chosen
    for code, _quality in parse_accept_lang_header(accept_language or ""):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return LANGUAGES[0]
