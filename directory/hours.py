"""The opening-hours engine: is a place open at an instant, when does it close or open next,
and how to say so in Greek and English.

Every answer is computed in Europe/Athens. Sessions are written in local wall-clock time (that
is what editors and residents read), turned into absolute instants day by day, and compared in
UTC, so the two daylight-saving nights come out right: a 22:00–06:00 night session lasts seven
hours on the last Sunday of March and nine on the last Sunday of October.

Rules, in order of precedence for one local date:
1. a dated exception covering the date (closed, or special hours) replaces that day's sessions;
2. otherwise a Greek public holiday (``holidays``, country GR, Orthodox Easter) closes the
   sessions that *start* on that day;
3. otherwise the weekly sessions that run on that weekday (and week of the month, for rules
   such as "the 2nd Thursday") apply.
A session that runs past midnight belongs to the day it starts on.

The module has no Django imports: it is pure, cheap to test exhaustively, and reused by the
centre page, JSON-LD, the finder, the partner directory and the HSDS API.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from directory.hsds import ids

ATHENS = ZoneInfo("Europe/Athens")
HORIZON_DAYS = 400
END_OF_DAY = time(23, 59)  # far enough to find the next run of a monthly rule or a long closure

WEEKDAY_NAMES = {
    "el": ["Δευτέρα", "Τρίτη", "Τετάρτη", "Πέμπτη", "Παρασκευή", "Σάββατο", "Κυριακή"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SCHEMA_ORG_DAYS = [f"https://schema.org/{name}" for name in WEEKDAY_NAMES["en"]]

# The sentences residents read. Kept here, not in the .po files, because the engine is also
# used outside a request (API, exports) where the wording must not depend on Django's state.
PHRASES = {
    "el": {
        "open_until": "Ανοιχτό έως {time}",
        "open_all_day": "Ανοιχτό όλο το 24ωρο",
        "open_until_day": "Ανοιχτό έως {day} {time}",
        "closed_opens": "Κλειστό — ανοίγει {day} {time}",
        "closed_today_reason": "Κλειστό σήμερα: {reason}",
        "closed_today_reason_opens": "Κλειστό σήμερα: {reason} — ανοίγει {day} {time}",
        "closed_no_next": "Κλειστό",
        "no_hours": "Δεν έχουν δηλωθεί ώρες λειτουργίας",
        "today": "σήμερα",
        "tomorrow": "αύριο",
        "closed_reason": "Κλειστό",
        "special_hours": "Ειδικό ωράριο",
    },
    "en": {
        "open_until": "Open until {time}",
        "open_all_day": "Open 24 hours",
        "open_until_day": "Open until {time} {day}",
        "closed_opens": "Closed — opens {day} {time}",
        "closed_today_reason": "Closed today: {reason}",
        "closed_today_reason_opens": "Closed today: {reason} — opens {day} {time}",
        "closed_no_next": "Closed",
        "no_hours": "No opening hours listed",
        "today": "today",
        "tomorrow": "tomorrow",
        "closed_reason": "Closed",
        "special_hours": "Special hours",
    },
}


def _language(language: str | None) -> str:
    return "en" if (language or "el").lower().startswith("en") else "el"


@functools.lru_cache(maxsize=64)
def _greek_holidays(year: int, language: str) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "GR", years=year, language="el" if language == "el" else "en_US"
    )
    return dict(calendar.items())


def holiday_name(day: date, language: str = "el") -> str | None:
    """The Greek public holiday on ``day`` in the given language, or None."""
    return _greek_holidays(day.year, _language(language)).get(day)


def local(at: datetime) -> datetime:
    """An aware instant as Athens wall-clock time; naive values are taken as Athens time."""
    if at.tzinfo is None:
        return at.replace(tzinfo=ATHENS)
    return at.astimezone(ATHENS)


def instant(day: date, moment: time) -> datetime:
    """The UTC instant of a wall-clock time in Athens on a date.

    A time that does not exist (03:30 on the March night, when clocks jump 03:00→04:00) is
    read with the offset before the jump, as clocks would show it; a time that occurs twice
    (03:30 on the October night) is its first occurrence.
    """
    return datetime.combine(day, moment).replace(tzinfo=ATHENS, fold=0).astimezone(UTC)


def nth_weekday_matches(day: date, nth: int | None) -> bool:
    """Whether ``day`` is the nth occurrence of its weekday in its month (-1 = the last one)."""
    if nth is None:
        return True
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    return (day + timedelta(days=7)).month != day.month


@dataclass(frozen=True)
class Session:
    """A weekly session: opens and closes on a weekday (0 = Monday), optionally only in the
    nth week of the month; ``past_midnight`` means it closes on the following day."""

    weekday: int
    opens: time
    closes: time
    nth: int | None = None
    past_midnight: bool = False

    def runs_on(self, day: date) -> bool:
        return day.weekday() == self.weekday and nth_weekday_matches(day, self.nth)

    def interval_on(self, day: date, note: str = "") -> Interval:
        end_day = day + timedelta(days=1) if self.past_midnight else day
        closes = self.closes
        if not self.past_midnight and closes == END_OF_DAY:
            # "until 23:59" means until midnight: a place open 00:00–23:59 every day never
            # closes, and must not say "open until 23:59".
            end_day, closes = day + timedelta(days=1), time(0, 0)
        return Interval(instant(day, self.opens), instant(end_day, closes), note)


@dataclass(frozen=True)
class DatedException:
    """A closure or special hours from ``start`` to ``end`` inclusive, with a reason."""

    start: date
    end: date
    closed: bool = True
    opens: time | None = None
    closes: time | None = None
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Interval:
    """An opening between two UTC instants; ``start``/``end`` give Athens wall-clock time."""

    start_utc: datetime
    end_utc: datetime
    note: str = ""

    @property
    def start(self) -> datetime:
        return self.start_utc.astimezone(ATHENS)

    @property
    def end(self) -> datetime:
        return self.end_utc.astimezone(ATHENS)

    @property
    def duration(self) -> timedelta:
        return self.end_utc - self.start_utc

    @property
    def all_day(self) -> bool:
        """Midnight to midnight (the week table says "24 hours", not "00:00–00:00")."""
        return self.start.time() == time(0, 0) and self.duration >= timedelta(hours=23)

    def contains(self, at: datetime) -> bool:
        moment = at.astimezone(UTC)
        return self.start_utc <= moment < self.end_utc


@dataclass(frozen=True)
class Status:
    """The answer to "is it open now?"."""

    is_open: bool
    closes_at: datetime | None = None  # Athens time, when open
    opens_at: datetime | None = None  # Athens time, the next opening, when closed
    closed_today_reason: str | None = None  # holiday name or exception reason


@dataclass(frozen=True)
class DayRow:
    """One row of the week table."""

    day: date
    weekday: int
    intervals: list[Interval]
    is_today: bool
    note: str = ""


@dataclass(frozen=True)
class ValidationProblem:
    code: str
    message_en: str
    message_el: str
    index: int | None = None


@dataclass
class OpeningHours:
    """Weekly sessions plus dated exceptions plus Greek public holidays."""

    sessions: list[Session] = field(default_factory=list)
    exceptions: list[DatedException] = field(default_factory=list)
    observe_holidays: bool = True
    language: str = "el"

    def with_exceptions(self, extra: list[DatedException]) -> OpeningHours:
        """The same hours with more dated exceptions, listed last so they win a shared day."""
        if not extra:
            return self
        return replace(self, exceptions=[*self.exceptions, *extra])

    # --- the calendar -----------------------------------------------------------------------

    def exception_on(self, day: date) -> DatedException | None:
        """The exception that governs ``day``; of several, the one listed last wins."""
        found = None
        for exception in self.exceptions:
            if exception.covers(day):
                found = exception
        return found

    def regular_intervals(self, day: date) -> list[Interval]:
        return sorted(
            (s.interval_on(day) for s in self.sessions if s.runs_on(day)),
            key=lambda interval: interval.start_utc,
        )

    def day_plan(self, day: date, language: str | None = None) -> tuple[list[Interval], str]:
        """The intervals that start on local date ``day`` and the note explaining a change."""
        language = _language(language or self.language)
        exception = self.exception_on(day)
        if exception is not None:
            if exception.closed or not exception.opens or not exception.closes:
                return [], exception.reason or PHRASES[language]["closed_reason"]
            reason = exception.reason or PHRASES[language]["special_hours"]
            past_midnight = exception.closes <= exception.opens
            end_day = day + timedelta(days=1) if past_midnight else day
            interval = Interval(
                instant(day, exception.opens), instant(end_day, exception.closes), reason
            )
            return [interval], reason
        if self.observe_holidays:
            name = holiday_name(day, language)
            if name:
                return [], name
        return self.regular_intervals(day), ""

    def intervals_between(self, start: date, end: date) -> list[Interval]:
        """All intervals starting on local dates ``start``..``end`` inclusive, in order."""
        found: list[Interval] = []
        day = start
        while day <= end:
            found.extend(self.day_plan(day)[0])
            day += timedelta(days=1)
        return found

    # --- questions ---------------------------------------------------------------------------

    def current_interval(self, at: datetime) -> Interval | None:
        today = local(at).date()
        # A session that started yesterday may still be running after midnight.
        for interval in self.intervals_between(today - timedelta(days=1), today):
            if interval.contains(at):
                return interval
        return None

    def is_open(self, at: datetime) -> bool:
        return self.current_interval(at) is not None

    def closes_at(self, at: datetime) -> datetime | None:
        """When it closes, following back-to-back sessions (22:00–24:00 then 00:00–06:00)."""
        current = self.current_interval(at)
        if current is None:
            return None
        end = current.end_utc
        for _ in range(14):  # a fortnight of back-to-back sessions is "open" enough
            day = local(end).date()
            following = [
                interval
                for interval in self.intervals_between(day - timedelta(days=1), day)
                if interval.start_utc <= end < interval.end_utc
            ]
            if not following:
                break
            end = max(interval.end_utc for interval in following)
        return end.astimezone(ATHENS)

    def next_opening(self, at: datetime) -> datetime | None:
        """The start of the next session that begins after ``at`` (Athens time), or None."""
        moment = at.astimezone(UTC) if at.tzinfo else local(at).astimezone(UTC)
        day = local(at).date()
        weekdays = {session.weekday for session in self.sessions}
        special = [e for e in self.exceptions if not e.closed and e.opens and e.closes]
        for offset in range(HORIZON_DAYS):
            candidate = day + timedelta(days=offset)
            if candidate.weekday() not in weekdays and not any(
                e.covers(candidate) for e in special
            ):
                continue  # nothing can open that day: skip the calendar work
            for interval in self.day_plan(candidate)[0]:
                if interval.start_utc > moment:
                    return interval.start
        return None

    def status(self, at: datetime, language: str | None = None) -> Status:
        today = local(at).date()
        intervals, note = self.day_plan(today, language)
        reason = note if (note and not intervals) else None
        if reason and self.exception_on(today) is None and not self.regular_intervals(today):
            # A holiday on a day the place never opens (a Sunday) is not news.
            reason = None
        if self.is_open(at):
            return Status(True, closes_at=self.closes_at(at), closed_today_reason=None)
        return Status(False, opens_at=self.next_opening(at), closed_today_reason=reason)

    def sentence(
        self, at: datetime, language: str | None = None, status: Status | None = None
    ) -> str:
        """ "Ανοιχτό έως 15:30", "Κλειστό — ανοίγει Δευτέρα 07:30", "Κλειστό σήμερα: …".

        Pass the ``status`` already worked out for the same instant and language to save
        computing it twice."""
        language = _language(language or self.language)
        words = PHRASES[language]
        if not self.sessions and not any(not e.closed for e in self.exceptions):
            return words["no_hours"]
        status = status or self.status(at, language)
        if status.is_open:
            when = status.closes_at
            if when - local(at) >= timedelta(days=7):
                return words["open_all_day"]  # back-to-back sessions: it never closes
            if when.date() == local(at).date():
                return words["open_until"].format(time=_hhmm(when))
            return words["open_until_day"].format(
                time=_hhmm(when), day=_day_word(when.date(), local(at).date(), language)
            )
        if status.opens_at is None:
            if status.closed_today_reason:
                return words["closed_today_reason"].format(reason=status.closed_today_reason)
            return words["closed_no_next"]
        day = _day_word(status.opens_at.date(), local(at).date(), language)
        if status.closed_today_reason:
            return words["closed_today_reason_opens"].format(
                reason=status.closed_today_reason, day=day, time=_hhmm(status.opens_at)
            )
        return words["closed_opens"].format(day=day, time=_hhmm(status.opens_at))

    def week(self, at: datetime) -> list[DayRow]:
        """Monday to Sunday of the week containing ``at``, with today marked."""
        today = local(at).date()
        monday = today - timedelta(days=today.weekday())
        rows = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            intervals, note = self.day_plan(day)
            rows.append(DayRow(day, day.weekday(), intervals, day == today, note))
        return rows

    def upcoming_exceptions(
        self, at: datetime, days: int = 14
    ) -> list[tuple[date, str, list[Interval]]]:
        """Days in the next ``days`` (today included) whose hours differ from the usual week:
        every dated exception, and holidays that fall on a day the place would be open."""
        today = local(at).date()
        found = []
        for offset in range(days):
            day = today + timedelta(days=offset)
            intervals, note = self.day_plan(day)
            if not note:
                continue
            if self.exception_on(day) is None and not self.regular_intervals(day):
                continue
            found.append((day, note, intervals))
        return found

    # --- machine-readable forms ----------------------------------------------------------------

    def weekly_groups(self) -> list[tuple[time, time, bool, int | None, list[int]]]:
        """Sessions grouped by identical times: (opens, closes, past_midnight, nth, weekdays)."""
        groups: dict[tuple, list[int]] = {}
        for session in self.sessions:
            key = (session.opens, session.closes, session.past_midnight, session.nth)
            groups.setdefault(key, [])
            if session.weekday not in groups[key]:
                groups[key].append(session.weekday)
        return [(*key, sorted(days)) for key, days in groups.items()]

    def schema_org(self) -> list[dict]:
        """schema.org ``openingHoursSpecification``: weekly hours and dated exceptions.

        Monthly rules ("2nd Thursday") cannot be said in schema.org and are left out; the page
        text carries them.
        """
        specs = []
        for opens, closes, _past_midnight, nth, days in self.weekly_groups():
            if nth is not None:
                continue
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [SCHEMA_ORG_DAYS[d] for d in days],
                    "opens": opens.strftime("%H:%M"),
                    "closes": closes.strftime("%H:%M"),
                }
            )
        for exception in self.exceptions:
            closed = exception.closed or not exception.opens or not exception.closes
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": exception.start.isoformat(),
                    "validThrough": exception.end.isoformat(),
                    "opens": "00:00" if closed else exception.opens.strftime("%H:%M"),
                    "closes": "00:00" if closed else exception.closes.strftime("%H:%M"),
                }
            )
        return specs

    def hsds_schedules(
        self,
        id_prefix: str,
        at: datetime | None = None,
        service_id: str | None = None,
        location_id: str | None = None,
        service_at_location_id: str | None = None,
    ) -> list[dict]:
        """HSDS 3.0 ``schedule`` objects.

        HSDS times carry a fixed UTC offset, but Athens changes offset twice a year, so each
        weekly rule is published twice: once for the current offset period and once for the
        next, each bounded by ``valid_from``/``valid_to``. Ids are stable UUIDs derived from
        ``id_prefix`` so repeated exports do not churn.
        """
        at = at or datetime.now(UTC)
        links = {
            key: value
            for key, value in (
                ("service_id", service_id),
                ("location_id", location_id),
                ("service_at_location_id", service_at_location_id),
            )
            if value
        }
        schedules = []
        for period_start, period_end, offset in offset_periods(local(at).date(), count=2):
            for opens, closes, past_midnight, nth, days in self.weekly_groups():
                by_day = ",".join(f"{nth}{ICAL_DAYS[d]}" if nth else ICAL_DAYS[d] for d in days)
                key = f"{period_start}/{opens}/{closes}/{past_midnight}/{nth}/{by_day}"
                schedule = {
                    "id": ids.schedule(id_prefix, key),
                    **links,
                    "valid_from": period_start.isoformat(),
                    "valid_to": period_end.isoformat(),
                    "timezone": offset,
                    "freq": "MONTHLY" if nth else "WEEKLY",
                    "wkst": "MO",
                    "byday": by_day,
                    "opens_at": f"{opens:%H:%M}{_offset_suffix(offset)}",
                    "closes_at": f"{closes:%H:%M}{_offset_suffix(offset)}",
                    "description": self._describe(opens, closes, past_midnight, nth, days),
                    "attributes": [],
                    "metadata": [],
                }
                if past_midnight:
                    schedule["notes"] = "Closes on the following day."
                schedules.append(schedule)
        for exception in self.exceptions:
            closed = exception.closed or not exception.opens or not exception.closes
            offset = utc_offset_hours(exception.start)
            schedule = {
                "id": ids.schedule(id_prefix, f"exception/{exception.start}/{exception.end}"),
                **links,
                "valid_from": exception.start.isoformat(),
                "valid_to": exception.end.isoformat(),
                "timezone": offset,
                "description": (
                    f"Closed: {exception.reason}"
                    if closed
                    else f"Special hours: {exception.reason}"
                ).rstrip(": "),
                "attributes": [],
                "metadata": [],
            }
            if not closed:
                schedule.update(
                    freq="WEEKLY",
                    byday=",".join(ICAL_DAYS),
                    opens_at=f"{exception.opens:%H:%M}{_offset_suffix(offset)}",
                    closes_at=f"{exception.closes:%H:%M}{_offset_suffix(offset)}",
                )
            schedules.append(schedule)
        return schedules

    @staticmethod
    def _describe(opens, closes, past_midnight, nth, days) -> str:
        names = ", ".join(WEEKDAY_NAMES["en"][d] for d in days)
        prefix = f"Week {nth} of the month: " if nth and nth > 0 else ""
        if nth == -1:
            prefix = "Last week of the month: "
        suffix = " (next day)" if past_midnight else ""
        return f"{prefix}{names} {opens:%H:%M}–{closes:%H:%M}{suffix}"


# --- validation for editors -----------------------------------------------------------------


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def validate_sessions(sessions: list[Session]) -> list[ValidationProblem]:
    """Problems an editor must fix: a session closing before it opens without "past
    midnight", and sessions that overlap in the week."""
    problems = []
    for index, session in enumerate(sessions):
        if not session.past_midnight and session.closes <= session.opens:
            problems.append(
                ValidationProblem(
                    "closes-before-opens",
                    f"The closing time {session.closes:%H:%M} is not after the opening time "
                    f"{session.opens:%H:%M}. Tick “Runs past midnight” if the session ends "
                    "on the next day.",
                    f"Η ώρα λήξης {session.closes:%H:%M} δεν είναι μετά την ώρα έναρξης "
                    f"{session.opens:%H:%M}. Επιλέξτε «Συνεχίζει μετά τα μεσάνυχτα» αν η "
                    "συνεδρία τελειώνει την επόμενη μέρα.",
                    index,
                )
            )
        elif session.past_midnight and session.closes > session.opens:
            problems.append(
                ValidationProblem(
                    "longer-than-a-day",
                    "A session that runs past midnight must close earlier in the day than it "
                    "opens (e.g. 22:00–06:00).",
                    "Μια συνεδρία που συνεχίζει μετά τα μεσάνυχτα πρέπει να κλείνει νωρίτερα "
                    "μέσα στη μέρα απ’ ό,τι ανοίγει (π.χ. 22:00–06:00).",
                    index,
                )
            )
    week = 7 * 24 * 60
    spans = []
    for index, session in enumerate(sessions):
        if not session.past_midnight and session.closes <= session.opens:
            continue  # already reported; its length is meaningless
        start = session.weekday * 1440 + _minutes(session.opens)
        length = (_minutes(session.closes) - _minutes(session.opens)) % 1440
        if length == 0 and session.past_midnight:
            length = 1440
        if length <= 0:
            continue
        spans.append((index, session, start, length))
    for i, (_index_a, a, start_a, length_a) in enumerate(spans):
        for index_b, b, start_b, length_b in spans[i + 1 :]:
            if a.nth is not None and b.nth is not None and a.nth != b.nth:
                continue
            if _overlaps(start_a, length_a, start_b, length_b, week):
                day = WEEKDAY_NAMES
                problems.append(
                    ValidationProblem(
                        "overlap",
                        f"Two sessions overlap on {day['en'][b.weekday]}: "
                        f"{a.opens:%H:%M}–{a.closes:%H:%M} and {b.opens:%H:%M}–{b.closes:%H:%M}.",
                        f"Δύο συνεδρίες επικαλύπτονται την ημέρα {day['el'][b.weekday]}: "
                        f"{a.opens:%H:%M}–{a.closes:%H:%M} και {b.opens:%H:%M}–{b.closes:%H:%M}.",
                        index_b,
                    )
                )
    return problems


def _overlaps(start_a: int, length_a: int, start_b: int, length_b: int, week: int) -> bool:
    """Whether two spans of minutes on a circular week overlap."""
    for shift in (-week, 0, week):
        b0 = start_b + shift
        if start_a < b0 + length_b and b0 < start_a + length_a:
            return True
    return False


def validate_exception(exception: DatedException) -> list[ValidationProblem]:
    problems = []
    if exception.end < exception.start:
        problems.append(
            ValidationProblem(
                "end-before-start",
                f"The last day ({exception.end:%d/%m/%Y}) is before the first day "
                f"({exception.start:%d/%m/%Y}).",
                f"Η τελευταία μέρα ({exception.end:%d/%m/%Y}) είναι πριν από την πρώτη "
                f"({exception.start:%d/%m/%Y}).",
            )
        )
    if not exception.closed and not (exception.opens and exception.closes):
        problems.append(
            ValidationProblem(
                "special-hours-missing",
                "Give both special opening and closing times, or tick “Closed”.",
                "Συμπληρώστε και τις δύο ειδικές ώρες (έναρξη και λήξη) ή επιλέξτε «Κλειστό».",
            )
        )
    return problems


# --- helpers -------------------------------------------------------------------------------


def _hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _day_word(day: date, today: date, language: str) -> str:
    words = PHRASES[language]
    if day == today:
        return words["today"]
    if day == today + timedelta(days=1):
        return words["tomorrow"]
    name = WEEKDAY_NAMES[language][day.weekday()]
    if (day - today).days < 7:
        return name
    return f"{name} {day.day}/{day.month}"


def utc_offset_hours(day: date) -> float | int:
    """Athens' UTC offset at noon on ``day``: 2 in winter, 3 in summer."""
    offset = datetime.combine(day, time(12)).replace(tzinfo=ATHENS).utcoffset()
    hours_ = offset.total_seconds() / 3600
    return int(hours_) if hours_.is_integer() else hours_


def _offset_suffix(offset: float | int) -> str:
    sign = "+" if offset >= 0 else "-"
    whole = abs(offset)
    return f"{sign}{int(whole):02d}:{int(round((whole % 1) * 60)):02d}"


def offset_periods(start: date, count: int = 2) -> list[tuple[date, date, float | int]]:
    """The next ``count`` runs of days with one UTC offset, starting with ``start``'s run."""
    return list(_offset_periods(start, count))


@functools.lru_cache(maxsize=64)
def _offset_periods(start: date, count: int) -> tuple[tuple[date, date, float | int], ...]:
    """Cached: it walks the calendar a day at a time, and every schedule of an export asks
    for the same day's answer."""
    periods = []
    first = start
    # Walk back to the first day of the current run so valid_from is the real change date.
    while utc_offset_hours(first - timedelta(days=1)) == utc_offset_hours(start):
        first -= timedelta(days=1)
        if (start - first).days > 366:
            break
    day = first
    while len(periods) < count:
        offset = utc_offset_hours(day)
        end = day
        while utc_offset_hours(end + timedelta(days=1)) == offset and (end - day).days < 366:
            end += timedelta(days=1)
        periods.append((day, end, offset))
        day = end + timedelta(days=1)
    return tuple(periods)
