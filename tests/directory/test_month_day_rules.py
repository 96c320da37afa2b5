"""HSDS rules by day of the month ("the 1st and the 15th") become dated openings that the hours
engine reads: open on those days, closed on the others, holidays and the file's own exceptions
respected, and a weekly session on the same day joined or kept."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hours import ATHENS, DatedException, OpeningHours, Session
from directory.hsds import schedules_in
from directory.hsds.validation import semantic_problems

TODAY = date(2026, 12, 8)


def rule(**fields) -> dict:
    return {"id": "r", "freq": "MONTHLY", "opens_at": "10:00", "closes_at": "13:00", **fields}


def engine(converted) -> OpeningHours:
    """The hours as a page would read them from the converted blocks."""
    sessions = [
        Session(
            weekday=int(day),
            opens=datetime.strptime(block["opens"], "%H:%M").time(),
            closes=datetime.strptime(block["closes"], "%H:%M").time(),
        )
        for block in converted.sessions
        for day in block["days"]
    ]
    exceptions = [
        DatedException(
            start=date.fromisoformat(e["start_date"]),
            end=date.fromisoformat(e["end_date"] or e["start_date"]),
            closed=e["closed"],
            opens=None if e["closed"] else datetime.strptime(e["opens"], "%H:%M").time(),
            closes=None if e["closed"] else datetime.strptime(e["closes"], "%H:%M").time(),
            reason=e["reason"],
        )
        for e in converted.exceptions
    ]
    return OpeningHours(sessions=sessions, exceptions=exceptions)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ATHENS)


def test_the_1st_and_the_15th_are_open_other_days_closed_holidays_respected():
    converted = schedules_in.convert(
        [rule(bymonthday="1,15", description="Διανομή την 1η και τη 15η")], "s", today=TODAY
    )
    days = [date.fromisoformat(e["start_date"]) for e in converted.exceptions]
    assert days[0] == date(2026, 12, 15)
    assert date(2027, 1, 1) not in days  # New Year's Day: a public holiday
    assert date(2027, 3, 15) not in days  # Clean Monday in 2027
    assert date(2027, 1, 15) in days and date(2027, 12, 1) in days
    assert max(days) <= TODAY + timedelta(days=schedules_in.MONTH_DAY_HORIZON_DAYS)
    assert all(day.day in (1, 15) for day in days)
    hours = engine(converted)
    assert hours.is_open(at(date(2027, 4, 15), 11))
    assert not hours.is_open(at(date(2027, 4, 16), 11))
    assert not hours.is_open(at(date(2027, 4, 15), 14))
    # A resident reads why the day differs.
    assert hours.day_plan(date(2027, 4, 15))[1] == "Διανομή την 1η και τη 15η"
    # The report says what was done and until when.
    (warning,) = converted.warnings
    assert warning[0] == "s[0].bymonthday" and str(days[-1]) in warning[1]


def test_the_last_day_of_the_month_and_a_narrowing_weekday():
    last = schedules_in.convert([rule(bymonthday="-1")], "s", today=TODAY)
    days = {e["start_date"] for e in last.exceptions}
    assert {"2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"} <= days
    assert "2027-04-30" not in days  # Good Friday
    mondays = schedules_in.convert([rule(bymonthday="15", byday="MO")], "s", today=TODAY)
    days = [date.fromisoformat(e["start_date"]) for e in mondays.exceptions]
    # Mondays that are the 15th (the 15th of March 2027 is Clean Monday, a holiday).
    assert days == [date(2027, 2, 15), date(2027, 11, 15)]


def test_validity_dates_and_the_files_own_exceptions_bound_the_openings():
    converted = schedules_in.convert(
        [
            rule(bymonthday="15", valid_from="2027-02-01", valid_to="2027-05-31"),
            {"id": "x", "valid_from": "2027-03-15", "valid_to": "2027-03-15"},  # closed that day
        ],
        "s",
        today=TODAY,
    )
    openings = [e["start_date"] for e in converted.exceptions if not e["closed"]]
    assert openings == ["2027-02-15", "2027-04-15", "2027-05-15"]
    assert not engine(converted).is_open(at(date(2027, 3, 15), 11))
    closed_on = schedules_in.convert(
        [rule(bymonthday="15"), {"id": "x", "valid_from": "2027-04-15", "valid_to": "2027-04-15"}],
        "s",
        today=TODAY,
    )
    assert "2027-04-15" not in {e["start_date"] for e in closed_on.exceptions if not e["closed"]}
    assert not engine(closed_on).is_open(at(date(2027, 4, 15), 11))


def test_a_weekly_session_on_the_same_day_is_joined_or_kept():
    # 15 December 2026 is a Tuesday.
    weekly = {"id": "w", "freq": "WEEKLY", "byday": "TU", "opens_at": "09:00", "closes_at": "12:00"}
    joined = schedules_in.convert(
        [weekly, rule(bymonthday="15", opens_at="11:00", closes_at="14:00")], "s", today=TODAY
    )
    first = joined.exceptions[0]
    assert (first["start_date"], first["opens"], first["closes"]) == (
        "2026-12-15",
        "09:00",
        "14:00",
    )
    apart = schedules_in.convert(
        [weekly, rule(bymonthday="15", opens_at="17:00", closes_at="19:00")], "s", today=TODAY
    )
    assert "2026-12-15" not in {e["start_date"] for e in apart.exceptions}
    hours = engine(apart)
    assert hours.is_open(at(date(2026, 12, 15), 10))  # the weekly hours stand
    assert any("2026-12-15" in message for _place, message in apart.warnings)


@pytest.mark.parametrize("value", ["0", "32", "-32", "1,x", "15th", ""])
def test_an_impossible_day_of_the_month_is_an_error(value):
    if value == "":
        return_value = schedules_in.convert([rule(bymonthday=value)], "s", today=TODAY)
        assert not return_value.exceptions  # no rule by day of the month at all
        return
    with pytest.raises(ValueError):
        schedules_in.parse_bymonthday(value)
    organisation = {
        "id": "00000000-0000-4000-8000-000000000001",
        "name": "Οργανισμός",
        "description": "Περιγραφή",
        "services": [],
        "locations": [
            {
                "id": "00000000-0000-4000-8000-000000000002",
                "location_type": "physical",
                "schedules": [rule(bymonthday=value)],
            }
        ],
    }
    problems = semantic_problems([organisation])
    assert any(p.path[-1] == "bymonthday" for p in problems), problems


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 31) | st.integers(-31, -1), min_size=1, max_size=4, unique=True),
    st.dates(date(2026, 1, 1), date(2030, 12, 31)),
)
def test_every_opening_falls_on_a_day_the_rule_names(month_days, today):
    converted = schedules_in.convert(
        [rule(bymonthday=",".join(map(str, month_days)))], "s", today=today
    )
    for exception in converted.exceptions:
        day = date.fromisoformat(exception["start_date"])
        days_in_month = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - day).days
        last = day.day + days_in_month - 1  # the month's last day
        assert day.day in month_days or day.day - last - 1 in month_days
        assert today <= day <= today + timedelta(days=schedules_in.MONTH_DAY_HORIZON_DAYS)
