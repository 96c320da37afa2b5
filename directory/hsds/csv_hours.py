"""Opening hours and closures as partners write them in a spreadsheet cell, both ways.

``Mo-Fr 09:00-17:00; Sa 10:00-13:00`` becomes HSDS weekly schedules, and
``2026-12-24 to 2026-12-26`` closure schedules; the directory's stored hours are written back
in the same words for the CSV download. Cells hold lists separated by ``;``.
"""

from __future__ import annotations

import re

from directory.hsds import ids, schedules_in

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def split_list(value: str) -> list[str]:
    """The non-empty items of a ``;``-separated cell."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


HOURS_ENTRY = re.compile(r"^(?P<days>[A-Za-z,\- ]+?)\s+(?P<times>\d.*)$")
# One week of the month: "2Th 17:00-19:00" (the 2nd Thursday), "-1Fr 10:00-12:00" (the last).
MONTHLY_ENTRY = re.compile(
    r"^(?P<nth>-1|[1-4])(?P<day>Mo|Tu|We|Th|Fr|Sa|Su)\s+(?P<times>\d.*)$", re.IGNORECASE
)
SPAN = re.compile(r"^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$")


def _days(text: str) -> list[str]:
    codes = [code.lower() for code in DAY_CODES]
    found = []
    for part in text.replace(" ", "").split(","):
        if "-" in part:
            first, _sep, last = part.partition("-")
            if first.lower() not in codes or last.lower() not in codes:
                raise ValueError(f"{part!r} is not a range of days such as Mo-Fr")
            start, end = codes.index(first.lower()), codes.index(last.lower())
            step = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
            found.extend(step)
        elif part.lower() in codes:
            found.append(codes.index(part.lower()))
        else:
            raise ValueError(f"{part!r} is not a day (Mo Tu We Th Fr Sa Su)")
    return [schedules_in.hours.ICAL_DAYS[d] for d in dict.fromkeys(found)]


def _clock(text: str) -> str:
    hour, minute = text.split(":")
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{text!r} is not a time of day")
    return f"{int(hour):02d}:{minute}"


def parse_hours(text: str, owner: str) -> list[dict]:
    """``Mo-Fr 09:00-15:00; Sa 10:00-13:00`` → HSDS weekly schedules (Athens time)."""
    schedules = []
    for entry in split_list(text):
        monthly = MONTHLY_ENTRY.match(entry)
        match = monthly or HOURS_ENTRY.match(entry)
        if not match:
            raise ValueError(f"{entry!r} is not days and hours such as Mo-Fr 09:00-15:00")
        if monthly:
            byday = f"{monthly['nth']}{_days(monthly['day'])[0]}"
        else:
            byday = ",".join(_days(match["days"]))
        for span in match["times"].split(","):
            times = SPAN.match(span.strip())
            if not times:
                raise ValueError(f"{span.strip()!r} is not hours such as 09:00-15:00")
            opens, closes = _clock(times[1]), _clock(times[2])
            schedules.append(
                {
                    "id": ids.derived(owner, "hours", byday, opens, closes),
                    "freq": "MONTHLY" if monthly else "WEEKLY",
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                }
            )
    return schedules


CLOSURE = re.compile(
    r"^(?P<start>\d{4}-\d{2}-\d{2})(?:\.\.(?P<end>\d{4}-\d{2}-\d{2}))?"
    r"(?:\s+(?P<opens>\d{1,2}:\d{2})-(?P<closes>\d{1,2}:\d{2}))?(?:\s+(?P<reason>.*))?$"
)


def parse_closures(text: str, owner: str) -> list[dict]:
    """``2026-03-25 Εθνική εορτή; 2026-04-02..2026-04-03 10:00-12:00 Εκπαίδευση``."""
    schedules = []
    for entry in split_list(text):
        match = CLOSURE.match(entry)
        if not match:
            raise ValueError(
                f"{entry!r} is not a date (or from..to) with optional hours and a reason"
            )
        start, end = match["start"], match["end"] or match["start"]
        for day in (start, end):
            schedules_in.parse_date(day)
        reason = (match["reason"] or "").strip()
        schedule = {
            "id": ids.derived(owner, "closure", start, end),
            "valid_from": start,
            "valid_to": end,
            "description": reason,
        }
        if match["opens"]:
            schedule.update(
                freq="WEEKLY",
                byday=",".join(schedules_in.hours.ICAL_DAYS),
                opens_at=_clock(match["opens"]),
                closes_at=_clock(match["closes"]),
            )
        schedules.append(schedule)
    return schedules


def hours_text(raw_blocks) -> str:
    groups: dict[tuple, list[int]] = {}
    monthly = []
    for day, opens, closes, past_midnight, nth in sorted(
        schedules_in.session_set(raw_blocks), key=lambda k: (k[4] or 0, k[:4])
    ):
        if nth:
            monthly.append(f"{nth}{DAY_CODES[day]} {opens}-{closes}")
        else:
            groups.setdefault((opens, closes, past_midnight), []).append(day)
    entries = sorted(groups.items(), key=lambda item: (min(item[1]), item[0]))
    return "; ".join(
        [f"{_day_ranges(days)} {opens}-{closes}" for (opens, closes, _p), days in entries] + monthly
    )


def _day_ranges(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAY_CODES[run[0]] if len(run) == 1 else f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}"
        for run in runs
    )


def closures_text(raw_blocks) -> str:
    entries = []
    for start, end, closed, opens, closes, reason in schedules_in.exception_list(raw_blocks):
        text = start if end == start else f"{start}..{end}"
        if not closed and opens and closes:
            text += f" {opens}-{closes}"
        if reason:
            text += f" {reason}"
        entries.append(text)
    return "; ".join(entries)
