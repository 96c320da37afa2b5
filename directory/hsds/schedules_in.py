"""HSDS ``schedule`` objects back into our hours blocks: the inverse of
``OpeningHours.hsds_schedules`` (decision 0007).

- Times carry a UTC offset (``09:00+02:00``), or none and the schedule's ``timezone``, or
  neither (then they are read as Athens wall-clock time). They are turned into Athens time with
  Athens' offset on the schedule's ``valid_from`` (or today): ``09:00+02:00`` in a winter period
  and ``09:00+03:00`` in a summer one are both 09:00 in Athens.
- Our export publishes each weekly rule once per Athens offset period; the copies become the
  same sessions here and are kept once.
- A schedule whose validity is not an Athens offset period, with no ``freq`` or with all seven
  days, is a dated exception: closed without times, special hours with them. Its reason is the
  description without our export's "Closed: " / "Special hours: " prefix.
- Monthly rules by weekday (``2TH``, ``-1FR``) are kept as sessions of that week of the month.
- Rules by day of the month (``bymonthday``: "the 1st and the 15th") have no weekly form, so
  they become dated openings (special hours) for the coming ``MONTH_DAY_HORIZON_DAYS``, each
  with the rule's description, and a warning that says until when: importing the file again
  carries them forward. A date that is a Greek public holiday, or that the file already gives
  an exception for, is left to those. On a date with weekly hours too, the opening joins them
  when the two meet or overlap; otherwise the weekly hours stand and the date is reported.

``parse_time`` and ``parse_byday`` are also the validator's semantic checks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from directory import hours

TIME = re.compile(
    r"^(?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
DAY = re.compile(r"^(?P<nth>[+-]?\d{1,2})?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
ALL_DAYS = set(range(7))
REASON_PREFIXES = ("Closed: ", "Special hours: ")
BARE_REASONS = {"Closed", "Special hours"}
# Ignored with a warning; ``bymonthday`` only outside a monthly rule (RFC 5545 has no
# BYMONTHDAY in a weekly one).
IGNORED_RULE_PARTS = ("byweekno", "bymonthday", "byyearday", "count", "until")
MONTH_DAY_HORIZON_DAYS = 365  # how far ahead a rule by day of the month is written out
NTH_KEPT = {1, 2, 3, 4, -1}  # the weeks of the month an editor can choose
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class ParsedTime:
    minutes: int  # minutes after midnight as written
    offset: float | None  # hours east of UTC, None when the value carries none


def parse_time(value) -> ParsedTime:
    """``"09:00"``, ``"09:00:00"``, ``"09:00+02:00"``, ``"07:30Z"``; ValueError otherwise."""
    match = TIME.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a time such as 09:00 or 09:00+02:00")
    h, m, s = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if h == 24 and m == 0 and s == 0:
        h = 0  # "24:00", the end of the day, is the next midnight
    if h > 23 or m > 59 or s > 59:
        raise ValueError(f"{value!r} is not a time of day")
    offset = None
    tz = match["tz"]
    if tz == "Z":
        offset = 0
    elif tz:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        oh, om = int(digits[:2]), int(digits[2:] or 0)
        if oh > 14 or om > 59:
            raise ValueError(f"{value!r} has an impossible UTC offset")
        offset = sign * (oh + om / 60)
    return ParsedTime(h * 60 + m, offset)


def parse_byday(value) -> list[tuple[int | None, int]]:
    """``"MO,TU"`` → ``[(None, 0), (None, 1)]``; ``"2TH"`` → ``[(2, 3)]``; ValueError otherwise."""
    found = []
    for part in str(value).split(","):
        part = part.strip().upper()
        if not part:
            continue
        match = DAY.match(part)
        if not match:
            raise ValueError(f"{part!r} is not a day such as MO, TU … SU or 2TH")
        nth = int(match["nth"]) if match["nth"] else None
        if nth is not None and (nth == 0 or not -5 <= nth <= 5):
            raise ValueError(f"{part!r}: the week of the month must be 1 to 5 or -1 to -5")
        found.append((nth, hours.ICAL_DAYS.index(match["day"])))
    if not found:
        raise ValueError("no day given")
    return found


def parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))


@functools.lru_cache(maxsize=4096)  # a pure function of two dates, asked per schedule
def is_offset_period(start: date, end: date) -> bool:
    """Whether ``start``..``end`` is exactly one run of days with one Athens UTC offset."""
    if end < start:
        return False
    first, last, _offset = hours.offset_periods(start, count=1)[0]
    return first == start and last == end


@dataclass
class Hours:
    """Blocks in their stored (raw) form, and what could not be kept."""

    sessions: list[dict] = field(default_factory=list)  # WeeklyHoursBlock children
    exceptions: list[dict] = field(default_factory=list)  # HoursExceptionsBlock children
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (place, message)


def _athens_minutes(parsed: ParsedTime, fallback_offset, day: date) -> int:
    """Minutes after ``day``'s local midnight in Athens; may be negative or past a day."""
    athens = hours.utc_offset_hours(day)
    offset = parsed.offset if parsed.offset is not None else fallback_offset
    if offset is None:
        return parsed.minutes
    return parsed.minutes + round((athens - offset) * 60)


def _hhmm(minutes: int) -> str:
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _reason(description) -> str:
    text = (description or "").strip()
    if text in BARE_REASONS:
        return ""
    for prefix in REASON_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def convert(schedules: list[dict], place: str, today: date | None = None) -> Hours:
    """Our blocks for a list of (already validated) HSDS schedules at ``place``."""
    today = today or hours.local(datetime.now(UTC)).date()
    result = Hours()
    # (weekday, opens, closes, past_midnight) → (schedule index, valid_from, valid_to)
    weekly: dict[tuple, tuple[int, date | None, date | None]] = {}
    month_days: list[_MonthDayRule] = []
    for index, schedule in enumerate(schedules or []):
        here = f"{place}[{index}]"
        valid_from = parse_date(schedule.get("valid_from"))
        valid_to = parse_date(schedule.get("valid_to"))
        freq = schedule.get("freq")
        days = parse_byday(schedule["byday"]) if schedule.get("byday") else []
        opens = parse_time(schedule["opens_at"]) if schedule.get("opens_at") else None
        closes = parse_time(schedule["closes_at"]) if schedule.get("closes_at") else None
        fallback = schedule.get("timezone")
        bounded = valid_from is not None and valid_to is not None
        period = bounded and is_offset_period(valid_from, valid_to)
        every_day = {day for nth, day in days if nth is None} == ALL_DAYS
        if (valid_from is not None and not freq and not days) or (
            bounded and not period and (not freq or every_day)
        ):
            start = valid_from
            end = valid_to or valid_from
            exception = {
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end != start else None,
                "closed": True,
                "opens": None,
                "closes": None,
                "reason": _reason(schedule.get("description")),
            }
            if opens and closes:
                exception.update(
                    closed=False,
                    opens=_hhmm(_athens_minutes(opens, fallback, start)),
                    closes=_hhmm(_athens_minutes(closes, fallback, start)),
                )
            if len(exception["reason"]) > 120:
                result.warnings.append(
                    (f"{here}.description", "the reason is cut to 120 characters")
                )
                exception["reason"] = exception["reason"][:119] + "…"
            result.exceptions.append(exception)
            continue
        if freq == "MONTHLY" and schedule.get("bymonthday") not in (None, "", []):
            if opens is None or closes is None:
                result.warnings.append(
                    (here, "a rule by day of the month without opens_at and closes_at: left out")
                )
                continue
            month_days.append(
                _MonthDayRule(
                    place=f"{here}.bymonthday",
                    month_days=parse_bymonthday(schedule["bymonthday"]),
                    weekdays={day for _nth, day in days},
                    opens=opens,
                    closes=closes,
                    fallback=fallback,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    reason=_reason(schedule.get("description"))[:120],
                )
            )
            continue
        if not days:
            result.warnings.append((here, "a schedule with no days (byday) was left out"))
            continue
        if opens is None or closes is None:
            result.warnings.append(
                (here, "a weekly schedule without opens_at and closes_at was left out")
            )
            continue
        monthly = freq == "MONTHLY" or any(nth is not None for nth, _day in days)
        if monthly and any(nth is None for nth, _day in days):
            result.warnings.append(
                (f"{here}.byday", "a monthly rule needs the week of the month (e.g. 2TH): left out")
            )
            continue
        if any(nth is not None and nth not in NTH_KEPT for nth, _day in days):
            result.warnings.append(
                (
                    f"{here}.byday",
                    "only the 1st to 4th and the last week of the month can be stored: left out",
                )
            )
            continue
        if (schedule.get("interval") or 1) != 1:
            result.warnings.append(
                (f"{here}.interval", "only weekly rules are kept: the interval is ignored")
            )
        for part in IGNORED_RULE_PARTS:
            if schedule.get(part) not in (None, "", []):
                result.warnings.append((f"{here}.{part}", f"{part} is ignored"))
        if (valid_from or valid_to) and not period:
            result.warnings.append(
                (
                    f"{here}.valid_from",
                    "weekly hours are kept without their validity dates",
                )
            )
        reference = valid_from or today
        start = _athens_minutes(opens, fallback, reference)
        end = _athens_minutes(closes, fallback, reference)
        while end <= start:
            end += DAY_MINUTES
        length = end - start
        if length > DAY_MINUTES:
            length -= DAY_MINUTES
        shift, local_opens = divmod(start, DAY_MINUTES)
        past_midnight = local_opens + length >= DAY_MINUTES
        for nth, day in days:
            key = (
                (day + shift) % 7,
                _hhmm(local_opens),
                _hhmm(local_opens + length),
                past_midnight,
                nth,
            )
            weekly.setdefault(key, (index, valid_from, valid_to))
    kept = _without_overlaps(weekly, today, place, result.warnings)
    result.sessions = _blocks(kept)
    for rule in month_days:
        result.exceptions.extend(_month_day_openings(rule, _engine_sessions(kept), result, today))
    return result


def parse_bymonthday(value) -> list[int]:
    """``"1,15"``, ``[1, 15]`` or ``15`` → ``[1, 15]``; ``-1`` is the last day of the month.
    Also the validator's check: anything else raises ``ValueError``."""
    parts = value if isinstance(value, list) else str(value).split(",")
    found = []
    for part in parts:
        text = str(part).strip()
        if not re.fullmatch(r"[+-]?\d{1,2}", text) or not 1 <= abs(int(text)) <= 31:
            raise ValueError(f"{text!r}: a day of the month must be 1 to 31 or -1 to -31")
        found.append(int(text))
    return found


@dataclass(frozen=True)
class _MonthDayRule:
    place: str
    month_days: list[int]
    weekdays: set[int]  # byday given as well: only those weekdays (RFC 5545 narrows)
    opens: ParsedTime
    closes: ParsedTime
    fallback: object
    valid_from: date | None
    valid_to: date | None
    reason: str


def _month_day_matches(day: date, month_days: list[int]) -> bool:
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    from_end = day.day - (next_month - timedelta(days=1)).day - 1  # -1 on the last day
    return day.day in month_days or from_end in month_days


def _month_day_openings(rule: _MonthDayRule, sessions, result: Hours, today: date) -> list:
    """The dated openings of one rule by day of the month (see the module's docstring)."""
    weekly = hours.OpeningHours(sessions=sessions, observe_holidays=False)
    given = [(e["start_date"], e["end_date"] or e["start_date"]) for e in result.exceptions]
    start = max(today, rule.valid_from or today)
    end = min(today + timedelta(days=MONTH_DAY_HORIZON_DAYS), rule.valid_to or date.max)
    openings, clashes = [], []
    day = start
    while day <= end:
        iso = day.isoformat()
        if (
            not _month_day_matches(day, rule.month_days)
            or (rule.weekdays and day.weekday() not in rule.weekdays)
            or hours.holiday_name(day)
            or any(first <= iso <= last for first, last in given)
        ):
            day += timedelta(days=1)
            continue
        opens = _athens_minutes(rule.opens, rule.fallback, day)
        closes = _athens_minutes(rule.closes, rule.fallback, day)
        while closes <= opens:
            closes += DAY_MINUTES
        for interval in weekly.regular_intervals(day):
            start_minutes = _minutes_after(day, interval.start)
            end_minutes = _minutes_after(day, interval.end)
            if start_minutes > closes or end_minutes < opens:
                clashes.append(iso)
                break
            opens, closes = min(opens, start_minutes), max(closes, end_minutes)
        else:
            if closes - opens <= DAY_MINUTES:
                openings.append(
                    {
                        "start_date": iso,
                        "end_date": None,
                        "closed": False,
                        "opens": _hhmm(opens),
                        "closes": _hhmm(closes),
                        "reason": rule.reason,
                    }
                )
        day += timedelta(days=1)
    if openings:
        result.warnings.append(
            (
                rule.place,
                f"a rule by day of the month: kept as {len(openings)} dated openings, "
                f"{openings[0]['start_date']} to {openings[-1]['start_date']}; import the file "
                "again to carry them forward",
            )
        )
    else:
        result.warnings.append((rule.place, "a rule by day of the month with no date ahead"))
    if clashes:
        result.warnings.append(
            (
                rule.place,
                f"on {', '.join(clashes[:3])}{' …' if len(clashes) > 3 else ''} the weekly hours "
                "are kept: the monthly opening does not meet them",
            )
        )
    return openings


def _minutes_after(day: date, moment: datetime) -> int:
    """Minutes from ``day``'s midnight (Athens wall clock) to ``moment`` (Athens time)."""
    return (moment.date() - day).days * DAY_MINUTES + moment.hour * 60 + moment.minute


def _engine_sessions(keys) -> list[hours.Session]:
    return [
        hours.Session(
            weekday=day,
            opens=time.fromisoformat(opens),
            closes=time.fromisoformat(closes),
            past_midnight=past_midnight,
            nth=nth,
        )
        for day, opens, closes, past_midnight, nth in keys
    ]


def _without_overlaps(weekly: dict, today: date, place: str, warnings: list) -> list[tuple]:
    """The sessions to keep. Overlapping ones usually come from seasonal rules (summer and
    winter hours): keep the rules valid today; of what still overlaps, the first listed."""
    keys = list(weekly)
    if not any(p.code == "overlap" for p in hours.validate_sessions(_engine_sessions(keys))):
        return keys

    def current(key):
        _index, start, end = weekly[key]
        return (start is None or start <= today) and (end is None or today <= end)

    if any(current(key) for key in keys):
        dropped = [key for key in keys if not current(key)]
        keys = [key for key in keys if current(key)]
        for key in dropped:
            warnings.append(
                (
                    f"{place}[{weekly[key][0]}]",
                    "overlaps hours valid today and is not valid today: left out",
                )
            )
    kept: list[tuple] = []
    for key in keys:
        trial = _engine_sessions([*kept, key])
        if any(p.code == "overlap" for p in hours.validate_sessions(trial)):
            warnings.append(
                (
                    f"{place}[{weekly[key][0]}]",
                    f"{hours.WEEKDAY_NAMES['en'][key[0]]} {key[1]}–{key[2]} overlaps other "
                    "hours: left out",
                )
            )
            continue
        kept.append(key)
    return kept


def _blocks(keys: list[tuple]) -> list[dict]:
    """Sessions grouped the way an editor would write them: one block per set of times."""
    groups: dict[tuple, list[int]] = {}
    for day, opens, closes, past_midnight, nth in sorted(keys, key=lambda k: (k[4] or 0, k[:4])):
        groups.setdefault((opens, closes, past_midnight, nth), []).append(day)
    ordered = sorted(groups.items(), key=lambda item: (min(item[1]), str(item[0])))
    return [
        {
            "days": [str(day) for day in sorted(days)],
            "opens": opens,
            "closes": closes,
            "past_midnight": past_midnight,
            "nth": str(nth) if nth else "",
        }
        for (opens, closes, past_midnight, nth), days in ordered
    ]


# --- comparing with what is stored ----------------------------------------------------------


def session_set(raw_blocks) -> set[tuple]:
    """What weekly hours mean, however the editor grouped them into blocks."""
    found = set()
    for child in raw_blocks or []:
        value = child.get("value", child) if isinstance(child, dict) else {}
        if not value.get("opens") or not value.get("closes"):
            continue
        nth = value.get("nth")
        for day in value.get("days") or []:
            found.add(
                (
                    int(day),
                    _norm_time(value["opens"]),
                    _norm_time(value["closes"]),
                    bool(value.get("past_midnight")),
                    int(nth) if nth else None,
                )
            )
    return found


def exception_list(raw_blocks) -> list[tuple]:
    found = []
    for child in raw_blocks or []:
        value = child.get("value", child) if isinstance(child, dict) else {}
        start = value.get("start_date")
        end = value.get("end_date") or start
        closed = bool(value.get("closed"))
        found.append(
            (
                str(start),
                str(end),
                closed,
                None if closed else _norm_time(value.get("opens")),
                None if closed else _norm_time(value.get("closes")),
                value.get("reason") or "",
            )
        )
    return found


def _norm_time(value) -> str | None:
    if value in (None, ""):
        return None
    text = value if isinstance(value, str) else value.isoformat()
    return text[:5]
