"""The opening-hours engine: worked cases a resident would check, and invariants."""

from datetime import date, datetime, time, timedelta

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hours import (
    ATHENS,
    UTC,
    DatedException,
    OpeningHours,
    Session,
    validate_exception,
    validate_sessions,
)
from tests.hsds_schemas import schedule_schema


def athens(*args, fold=0) -> datetime:
    return datetime(*args, tzinfo=ATHENS, fold=fold)


def weekdays(opens, closes, days=range(5)) -> list[Session]:
    return [Session(day, time(*opens), time(*closes)) for day in days]


PAIONIA = OpeningHours(weekdays((7, 30), (15, 30)))


class TestPaionia:
    """Monday–Friday 07:30–15:30, as the Paionia centre publishes."""

    def test_open_on_a_weekday_morning(self):
        at = athens(2026, 11, 23, 9, 0)  # a Monday
        assert PAIONIA.is_open(at)
        assert PAIONIA.sentence(at, "el") == "Ανοιχτό έως 15:30"
        assert PAIONIA.sentence(at, "en") == "Open until 15:30"

    def test_closed_on_friday_evening_opens_monday(self):
        at = athens(2026, 11, 27, 18, 0)
        assert not PAIONIA.is_open(at)
        assert PAIONIA.next_opening(at) == athens(2026, 11, 30, 7, 30)
        assert PAIONIA.sentence(at, "el") == "Κλειστό — ανοίγει Δευτέρα 07:30"
        assert PAIONIA.sentence(at, "en") == "Closed — opens Monday 07:30"

    def test_before_opening_says_today(self):
        at = athens(2026, 11, 24, 6, 0)
        assert PAIONIA.sentence(at, "el") == "Κλειστό — ανοίγει σήμερα 07:30"

    def test_closing_time_is_exclusive(self):
        assert not PAIONIA.is_open(athens(2026, 11, 24, 15, 30))
        assert PAIONIA.is_open(athens(2026, 11, 24, 15, 29))
        assert PAIONIA.is_open(athens(2026, 11, 24, 7, 30))


class TestGreekHolidays:
    def test_easter_monday_2026_is_13_april(self):
        at = athens(2026, 4, 13, 10, 0)
        status = PAIONIA.status(at, "el")
        assert not status.is_open
        assert status.closed_today_reason == "Δευτέρα του Πάσχα"
        assert PAIONIA.sentence(at, "el").startswith("Κλειστό σήμερα: Δευτέρα του Πάσχα")
        assert PAIONIA.sentence(at, "en").startswith("Closed today: Easter Monday")
        assert PAIONIA.next_opening(at) == athens(2026, 4, 14, 7, 30)

    def test_25_march_is_closed(self):
        at = athens(2026, 3, 25, 10, 0)
        assert not PAIONIA.is_open(at)
        assert "Εικοστή Πέμπτη Μαρτίου" in PAIONIA.sentence(at, "el")

    def test_exception_beats_holiday(self):
        hours = OpeningHours(
            PAIONIA.sessions,
            [
                DatedException(
                    date(2026, 3, 25), date(2026, 3, 25), False, time(10), time(13), "Παρέλαση"
                )
            ],
        )
        assert hours.is_open(athens(2026, 3, 25, 11, 0))
        assert not hours.is_open(athens(2026, 3, 25, 9, 0))

    def test_holiday_on_a_closed_day_is_not_announced(self):
        # 28 October 2029 is a Sunday: nothing changes for a weekday-only centre.
        status = PAIONIA.status(athens(2029, 10, 28, 10, 0))
        assert status.closed_today_reason is None
        upcoming = PAIONIA.upcoming_exceptions(athens(2029, 10, 22, 9, 0), days=14)
        assert all(day != date(2029, 10, 28) for day, _, _ in upcoming)

    def test_upcoming_lists_easter_closures(self):
        upcoming = PAIONIA.upcoming_exceptions(athens(2026, 4, 6, 9, 0), days=14)
        assert [(day, reason) for day, reason, _ in upcoming] == [
            (date(2026, 4, 10), "Μεγάλη Παρασκευή"),
            (date(2026, 4, 13), "Δευτέρα του Πάσχα"),
        ]

    def test_holidays_can_be_ignored(self):
        hours = OpeningHours(PAIONIA.sessions, observe_holidays=False)
        assert hours.is_open(athens(2026, 4, 13, 10, 0))


class TestSplitAndNightSessions:
    HERAKLION = OpeningHours(
        weekdays((8, 0), (15, 0)) + [Session(1, time(17), time(20)), Session(3, time(17), time(20))]
    )
    NIGHT = OpeningHours([Session(5, time(22), time(6), past_midnight=True)])

    def test_split_day_gap_is_closed_and_reopens_same_day(self):
        at = athens(2026, 11, 24, 16, 0)  # Tuesday between sessions
        assert not self.HERAKLION.is_open(at)
        assert self.HERAKLION.sentence(at, "el") == "Κλειστό — ανοίγει σήμερα 17:00"
        assert self.HERAKLION.sentence(athens(2026, 11, 24, 18, 0), "en") == "Open until 20:00"

    def test_week_table_has_both_sessions(self):
        week = self.HERAKLION.week(athens(2026, 11, 25, 12, 0))
        tuesday = week[1]
        assert [(i.start.hour, i.end.hour) for i in tuesday.intervals] == [(8, 15), (17, 20)]
        assert [row.is_today for row in week] == [False, False, True, False, False, False, False]
        assert week[0].day == date(2026, 11, 23)

    def test_night_session_belongs_to_the_day_it_starts(self):
        sunday_morning = athens(2026, 11, 29, 3, 0)
        assert self.NIGHT.is_open(sunday_morning)
        assert self.NIGHT.closes_at(sunday_morning) == athens(2026, 11, 29, 6, 0)
        assert self.NIGHT.sentence(athens(2026, 11, 28, 23, 0), "en") == "Open until 06:00 tomorrow"
        assert not self.NIGHT.is_open(athens(2026, 11, 29, 22, 30))

    def test_spring_forward_night_is_seven_hours(self):
        (interval,) = self.NIGHT.day_plan(date(2026, 3, 28))[0]
        assert interval.duration == timedelta(hours=7)
        assert self.NIGHT.is_open(athens(2026, 3, 29, 5, 30))

    def test_fall_back_night_is_nine_hours(self):
        (interval,) = self.NIGHT.day_plan(date(2026, 10, 24))[0]
        assert interval.duration == timedelta(hours=9)
        # 03:30 happens twice on 25 October; open both times.
        assert self.NIGHT.is_open(athens(2026, 10, 25, 3, 30, fold=0))
        assert self.NIGHT.is_open(athens(2026, 10, 25, 3, 30, fold=1))

    def test_back_to_back_sessions_close_at_the_later_end(self):
        hours = OpeningHours(
            [Session(0, time(18), time(0), past_midnight=True), Session(1, time(0), time(2))]
        )
        assert hours.closes_at(athens(2026, 11, 23, 23, 0)) == athens(2026, 11, 24, 2, 0)


class TestMonthlyRules:
    SECOND_THURSDAY = OpeningHours([Session(3, time(9), time(12), nth=2)])
    LAST_FRIDAY = OpeningHours([Session(4, time(9), time(12), nth=-1)])

    def test_second_thursday(self):
        assert self.SECOND_THURSDAY.next_opening(athens(2026, 12, 1, 0, 0)) == athens(
            2026, 12, 10, 9, 0
        )
        assert not self.SECOND_THURSDAY.is_open(athens(2026, 12, 3, 10, 0))

    def test_last_friday(self):
        # 25 December is Christmas: the stop moves to the next last Friday, 29 January 2027.
        assert self.LAST_FRIDAY.next_opening(athens(2026, 12, 1, 0, 0)) == athens(2027, 1, 29, 9, 0)

    def test_monthly_rules_stay_out_of_schema_org(self):
        assert self.SECOND_THURSDAY.schema_org() == []


class TestExceptionsAndSpecialHours:
    def test_closure_with_reason(self):
        hours = OpeningHours(
            PAIONIA.sessions,
            [
                DatedException(
                    date(2026, 12, 1), date(2026, 12, 2), True, reason="Εκπαίδευση προσωπικού"
                )
            ],
        )
        at = athens(2026, 12, 1, 9, 0)
        assert hours.sentence(at, "el") == (
            "Κλειστό σήμερα: Εκπαίδευση προσωπικού — ανοίγει Πέμπτη 07:30"
        )
        week = hours.week(at)
        assert week[1].intervals == [] and week[1].note == "Εκπαίδευση προσωπικού"

    def test_special_hours_replace_the_day(self):
        hours = OpeningHours(
            PAIONIA.sessions,
            [
                DatedException(
                    date(2026, 12, 24), date(2026, 12, 24), False, time(8), time(12), "Παραμονή"
                )
            ],
        )
        assert hours.sentence(athens(2026, 12, 24, 11, 0), "en") == "Open until 12:00"
        assert not hours.is_open(athens(2026, 12, 24, 13, 0))

    def test_far_away_opening_gives_the_date(self):
        hours = OpeningHours(
            PAIONIA.sessions,
            [DatedException(date(2026, 8, 3), date(2026, 8, 21), True, reason="Θερινή διακοπή")],
        )
        assert hours.sentence(athens(2026, 8, 3, 9, 0), "el").endswith("ανοίγει Δευτέρα 24/8 07:30")

    def test_no_sessions_says_so(self):
        assert OpeningHours().sentence(athens(2026, 11, 23, 9, 0), "el") == (
            "Δεν έχουν δηλωθεί ώρες λειτουργίας"
        )


class TestValidation:
    def test_closing_before_opening_needs_past_midnight(self):
        (problem,) = validate_sessions([Session(0, time(16), time(15))])
        assert problem.code == "closes-before-opens"
        assert "16:00" in problem.message_el and "μεσάνυχτα" in problem.message_el
        assert validate_sessions([Session(0, time(22), time(6), past_midnight=True)]) == []

    def test_overlapping_sessions(self):
        problems = validate_sessions(
            weekdays((9, 0), (13, 0), [0]) + weekdays((12, 0), (14, 0), [0])
        )
        assert [p.code for p in problems] == ["overlap"]
        assert "Δευτέρα" in problems[0].message_el

    def test_night_session_overlapping_next_morning(self):
        sessions = [
            Session(6, time(22), time(8), past_midnight=True),
            Session(0, time(7), time(15)),
        ]
        assert [p.code for p in validate_sessions(sessions)] == ["overlap"]

    def test_adjacent_sessions_do_not_overlap(self):
        assert validate_sessions(weekdays((8, 0), (12, 0)) + weekdays((12, 0), (15, 0))) == []

    def test_different_weeks_of_the_month_do_not_overlap(self):
        sessions = [Session(3, time(9), time(12), nth=1), Session(3, time(9), time(12), nth=2)]
        assert validate_sessions(sessions) == []

    def test_exception_end_before_start(self):
        (problem,) = validate_exception(DatedException(date(2026, 5, 2), date(2026, 5, 1)))
        assert problem.code == "end-before-start"
        assert "01/05/2026" in problem.message_el

    def test_special_hours_need_both_times(self):
        problems = validate_exception(
            DatedException(date(2026, 5, 2), date(2026, 5, 2), closed=False)
        )
        assert [p.code for p in problems] == ["special-hours-missing"]


class TestMachineReadable:
    def test_schema_org_weekly_and_exception(self):
        hours = OpeningHours(
            PAIONIA.sessions, [DatedException(date(2026, 12, 1), date(2026, 12, 1), reason="x")]
        )
        weekly, closure = hours.schema_org()
        assert (
            weekly["dayOfWeek"][0] == "https://schema.org/Monday" and len(weekly["dayOfWeek"]) == 5
        )
        assert (weekly["opens"], weekly["closes"]) == ("07:30", "15:30")
        assert (
            closure["validFrom"] == "2026-12-01"
            and closure["opens"] == closure["closes"] == "00:00"
        )

    def test_hsds_schedules_carry_the_offset_of_each_period(self):
        schedules = PAIONIA.hsds_schedules("paionia", at=athens(2026, 11, 22, 12, 0))
        winter, summer = schedules
        assert (winter["valid_from"], winter["valid_to"]) == ("2026-10-25", "2027-03-27")
        assert winter["opens_at"] == "07:30+02:00" and winter["timezone"] == 2
        assert summer["valid_from"] == "2027-03-28" and summer["opens_at"] == "07:30+03:00"
        assert winter["byday"] == "MO,TU,WE,TH,FR" and winter["freq"] == "WEEKLY"

    def test_hsds_schedule_ids_are_stable(self):
        at = athens(2026, 11, 22, 12, 0)
        assert PAIONIA.hsds_schedules("p", at=at) == PAIONIA.hsds_schedules("p", at=at)

    @pytest.mark.parametrize(
        "hours",
        [
            PAIONIA,
            TestMonthlyRules.SECOND_THURSDAY,
            TestSplitAndNightSessions.NIGHT,
            OpeningHours(
                PAIONIA.sessions,
                [
                    DatedException(date(2026, 12, 1), date(2026, 12, 1), reason="Κλειστό"),
                    DatedException(
                        date(2026, 12, 24), date(2026, 12, 24), False, time(8), time(12)
                    ),
                ],
            ),
        ],
    )
    def test_hsds_schedules_validate_against_the_official_schema(self, hours):
        schedules = hours.hsds_schedules("test", at=athens(2026, 6, 1, 12, 0), service_id=None)
        assert schedules
        for schedule in schedules:
            jsonschema.validate(schedule, schedule_schema())


# --- invariants ----------------------------------------------------------------------------

times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def sessions(draw):
    opens = draw(times)
    closes = draw(times)
    past_midnight = closes <= opens
    return Session(
        draw(st.integers(0, 6)),
        opens,
        closes,
        draw(st.sampled_from([None, 1, 2, -1])),
        past_midnight,
    )


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=80, deadline=None)
@given(st.lists(sessions(), max_size=6), instants)
def test_open_and_next_opening_agree(session_list, at):
    hours = OpeningHours(session_list)
    status = hours.status(at)
    if status.is_open:
        assert status.closes_at is not None and status.closes_at > at
        # Just before closing it is still open; it is not open at the moment it closes unless
        # another session starts exactly then.
        assert hours.is_open(status.closes_at - timedelta(minutes=1))
    else:
        if status.opens_at is not None:
            assert status.opens_at > at
            assert hours.is_open(status.opens_at)
            # Nothing opens in between.
            probe = at
            while probe < status.opens_at - timedelta(minutes=15):
                probe += timedelta(minutes=15)
                assert not hours.is_open(probe) or probe >= status.opens_at


@settings(max_examples=80, deadline=None)
@given(st.lists(sessions(), max_size=6), instants)
def test_sentence_matches_status(session_list, at):
    hours = OpeningHours(session_list)
    for language, open_word in (("el", "Ανοιχτό"), ("en", "Open")):
        sentence = hours.sentence(at, language)
        if not session_list:
            continue
        assert sentence.startswith(open_word) == hours.is_open(at)


@settings(max_examples=100, deadline=None)
@given(st.lists(sessions(), max_size=6), st.dates(date(2025, 1, 1), date(2028, 12, 31)))
def test_intervals_have_positive_length_and_start_on_their_day(session_list, day):
    hours = OpeningHours(session_list)
    for interval in hours.day_plan(day)[0]:
        assert interval.end_utc > interval.start_utc
        assert interval.duration <= timedelta(hours=25)
        assert interval.start.date() == day  # even a time skipped by the March change


@settings(max_examples=100, deadline=None)
@given(st.lists(sessions(), min_size=1, max_size=6), instants)
def test_week_has_seven_days_and_one_today(session_list, at):
    week = OpeningHours(session_list).week(at)
    assert len(week) == 7
    assert sum(row.is_today for row in week) == 1
    assert [row.weekday for row in week] == list(range(7))


@settings(max_examples=100, deadline=None)
@given(st.lists(sessions(), max_size=4))
def test_valid_sessions_produce_schema_valid_hsds(session_list):
    for schedule in OpeningHours(session_list).hsds_schedules(
        "prop", at=datetime(2026, 1, 1, tzinfo=UTC)
    ):
        jsonschema.validate(schedule, schedule_schema())


def test_round_the_clock_place_says_open_24_hours():
    shelter = OpeningHours([Session(day, time(0), time(0), past_midnight=True) for day in range(7)])
    assert shelter.sentence(athens(2026, 11, 23, 3, 0), "el") == "Ανοιχτό όλο το 24ωρο"
    assert shelter.sentence(athens(2026, 11, 23, 3, 0), "en") == "Open 24 hours"
