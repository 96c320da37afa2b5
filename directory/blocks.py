"""StreamField blocks of the directory: weekly hours, dated exceptions, mobile-unit stops and
the Α/Β/Γ service groups.

Hours live in blocks (not text) so the values stay identical in every language: wagtail-localize
only offers text blocks (an exception's reason, a stop's place name) for translation and copies
times, weekdays and coordinates from the source page.
"""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from directory import hours

WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]

NTH_CHOICES = [
    ("", _("Every week")),
    ("1", _("1st of the month")),
    ("2", _("2nd of the month")),
    ("3", _("3rd of the month")),
    ("4", _("4th of the month")),
    ("-1", _("Last of the month")),
]

SERVICE_GROUP_CHOICES = [
    ("A", _("Α. Reception, information and support")),
    ("B", _("Β. Cooperation with services and structures")),
    ("C", _("Γ. Provision of services")),
]


def problem_text(problem: hours.ValidationProblem) -> str:
    """Show an engine validation problem in the editor's language (Greek unless English)."""
    return problem.message_en if (get_language() or "el").startswith("en") else problem.message_el


class SessionBlock(blocks.StructBlock):
    """One opening session repeated on the chosen weekdays, e.g. Monday–Friday 07:30–15:30."""

    days = blocks.MultipleChoiceBlock(
        choices=WEEKDAY_CHOICES, label=_("Days"), help_text=_("The weekdays this session runs.")
    )
    opens = blocks.TimeBlock(label=_("Opens"), help_text=_("Local time in Athens, e.g. 07:30."))
    closes = blocks.TimeBlock(label=_("Closes"), help_text=_("Local time in Athens, e.g. 15:30."))
    past_midnight = blocks.BooleanBlock(
        required=False,
        label=_("Runs past midnight"),
        help_text=_("Tick when the session ends on the next day, e.g. 22:00–06:00."),
    )
    nth = blocks.ChoiceBlock(
        choices=NTH_CHOICES,
        required=False,
        label=_("Week of the month"),
        help_text=_("Every week, or only one week of the month (e.g. the 2nd Thursday)."),
    )

    class Meta:
        icon = "time"
        label = _("Opening session")
        template = "components/blocks/session.html"
        description = _("Weekdays with one opening and one closing time")
        preview_value = {"days": ["0", "1", "2", "3", "4"], "opens": "07:30", "closes": "15:30"}

    def clean(self, value):
        value = super().clean(value)
        sessions = sessions_from_block(value)
        problems = [p for p in hours.validate_sessions(sessions) if p.code != "overlap"]
        if problems:
            raise StructBlockValidationError(
                block_errors={"closes": ErrorList([ValidationError(problem_text(problems[0]))])}
            )
        return value


class WeeklyHoursBlock(blocks.StreamBlock):
    """The week's sessions; checks that no two sessions overlap."""

    session = SessionBlock()

    class Meta:
        icon = "time"
        required = False

    def clean(self, value):
        value = super().clean(value)
        sessions = [s for child in value for s in sessions_from_block(child.value)]
        overlaps = [p for p in hours.validate_sessions(sessions) if p.code == "overlap"]
        if overlaps:
            raise StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(problem_text(p)) for p in overlaps])
            )
        return value


class HoursExceptionBlock(blocks.StructBlock):
    """A dated change to the weekly hours: closed, or special hours, with the reason shown."""

    start_date = blocks.DateBlock(label=_("From"), help_text=_("First day of the change."))
    end_date = blocks.DateBlock(
        required=False,
        label=_("Until"),
        help_text=_("Last day of the change (inclusive). Leave empty for one day."),
    )
    closed = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Closed"),
        help_text=_("Untick to give special hours instead."),
    )
    opens = blocks.TimeBlock(required=False, label=_("Special opening time"))
    closes = blocks.TimeBlock(required=False, label=_("Special closing time"))
    reason = blocks.CharBlock(
        max_length=120,
        required=False,
        label=_("Reason"),
        help_text=_("Shown to residents, e.g. “Staff training”."),
    )

    class Meta:
        icon = "date"
        label = _("Dated exception")
        template = "components/blocks/hours-exception.html"
        description = _("A closure or special hours on given dates")
        preview_value = {"start_date": "2026-03-25", "closed": True, "reason": "Εθνική εορτή"}

    def clean(self, value):
        value = super().clean(value)
        problems = hours.validate_exception(exception_from_block(value))
        if problems:
            field = "end_date" if problems[0].code == "end-before-start" else "closes"
            raise StructBlockValidationError(
                block_errors={field: ErrorList([ValidationError(problem_text(problems[0]))])}
            )
        return value


class HoursExceptionsBlock(blocks.StreamBlock):
    exception = HoursExceptionBlock()

    class Meta:
        icon = "date"
        required = False


class MobileStopBlock(blocks.StructBlock):
    """A place the mobile unit visits on a day rule, e.g. every Tuesday or the 2nd Thursday."""

    place = blocks.CharBlock(max_length=120, label=_("Place"), help_text=_("Village or square."))
    address = blocks.CharBlock(max_length=200, required=False, label=_("Where exactly"))
    postcode = blocks.RegexBlock(
        regex=r"^\d{5}$",
        required=False,
        label=_("Postcode"),
        error_messages={"invalid": _("A Greek postcode has five digits, e.g. 61200.")},
    )
    latitude = blocks.FloatBlock(min_value=34.0, max_value=42.0, label=_("Latitude"))
    longitude = blocks.FloatBlock(min_value=19.0, max_value=30.0, label=_("Longitude"))
    weekday = blocks.ChoiceBlock(choices=WEEKDAY_CHOICES, label=_("Day"))
    nth = blocks.ChoiceBlock(
        choices=NTH_CHOICES,
        required=False,
        label=_("Which week"),
        help_text=_("Every week, or one week of the month."),
    )
    opens = blocks.TimeBlock(label=_("Arrives"))
    closes = blocks.TimeBlock(label=_("Leaves"))

    class Meta:
        icon = "site"
        label = _("Mobile-unit stop")
        template = "components/blocks/mobile-stop.html"
        description = _("A scheduled stop of the mobile unit")
        preview_value = {"place": "Κρουσώνας", "weekday": "1", "opens": "09:00", "closes": "12:00"}

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] and value["closes"] and value["closes"] <= value["opens"]:
            raise StructBlockValidationError(
                block_errors={
                    "closes": ErrorList(
                        [ValidationError(_("The unit must leave after it arrives."))]
                    )
                }
            )
        return value


class MobileStopsBlock(blocks.StreamBlock):
    stop = MobileStopBlock()

    class Meta:
        icon = "site"
        required = False


class ServiceGroupBlock(blocks.StructBlock):
    """One of the three service groups every centre offers, with its own list of details."""

    group = blocks.ChoiceBlock(choices=SERVICE_GROUP_CHOICES, label=_("Group"))
    details = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label=_("Service")),
        label=_("Services in this group"),
    )

    class Meta:
        icon = "list-ul"
        label = _("Service group")
        template = "components/blocks/service-group.html"
        description = _("Α, Β or Γ with the services offered")
        preview_value = {"group": "A", "details": ["Ενημέρωση για το ΚΕΑ"]}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["group_label"] = dict(SERVICE_GROUP_CHOICES).get(value["group"], value["group"])
        return context


class RequiredDocumentBlock(blocks.StructBlock):
    """A document a resident must bring, e.g. "Identity card or passport"."""

    name = blocks.CharBlock(max_length=150, label=_("Document"))
    note = blocks.CharBlock(max_length=250, required=False, label=_("Note"))

    class Meta:
        icon = "doc-full"
        label = _("Required document")


def sessions_from_block(value) -> list[hours.Session]:
    """Expand one SessionBlock value into the engine's one-weekday sessions."""
    if not value.get("opens") or not value.get("closes"):
        return []
    nth = value.get("nth")
    return [
        hours.Session(
            weekday=int(day),
            opens=value["opens"],
            closes=value["closes"],
            past_midnight=bool(value.get("past_midnight")),
            nth=int(nth) if nth else None,
        )
        for day in value.get("days") or []
    ]


def exception_from_block(value) -> hours.DatedException:
    return hours.DatedException(
        start=value["start_date"],
        end=value.get("end_date") or value["start_date"],
        closed=bool(value.get("closed")),
        opens=value.get("opens"),
        closes=value.get("closes"),
        reason=value.get("reason") or "",
    )


def stop_session(value) -> hours.Session:
    nth = value.get("nth")
    return hours.Session(
        weekday=int(value["weekday"]),
        opens=value["opens"],
        closes=value["closes"],
        nth=int(nth) if nth else None,
    )


def stop_rule_text(value) -> str:
    """ "Every Tuesday" or "2nd Thursday of the month", in the active language."""
    weekday = dict(WEEKDAY_CHOICES)[str(value["weekday"])]
    nth = value.get("nth")
    if not nth:
        return pgettext("mobile stop rule", "Every %(weekday)s") % {"weekday": weekday}
    ordinal = {
        "1": pgettext("ordinal", "1st"),
        "2": pgettext("ordinal", "2nd"),
        "3": pgettext("ordinal", "3rd"),
        "4": pgettext("ordinal", "4th"),
        "-1": pgettext("ordinal", "Last"),
    }[str(nth)]
    return pgettext("mobile stop rule", "%(ordinal)s %(weekday)s of the month") % {
        "ordinal": ordinal,
        "weekday": weekday,
    }


# --- fast paths from stored JSON ---------------------------------------------------------------
# Converting a StreamField through its blocks re-validates every choice on every read; the
# engine needs only times, dates and weekdays, so pages that list many places (the finder, the
# index) read the stored JSON directly. The values are the ones the blocks above validated.


def _time(value):
    if value in (None, ""):
        return None
    return value if isinstance(value, time) else time.fromisoformat(value)


def _date(value):
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(value)


def raw_children(stream_value) -> list[dict]:
    """The stored ``{"type": …, "value": …}`` children of a StreamField value."""
    raw = getattr(stream_value, "raw_data", stream_value) or []
    return [child for child in raw if isinstance(child, dict)]


def sessions_from_raw(stream_value) -> list[hours.Session]:
    return [
        session
        for child in raw_children(stream_value)
        for session in sessions_from_block(
            {
                **child["value"],
                "opens": _time(child["value"].get("opens")),
                "closes": _time(child["value"].get("closes")),
            }
        )
    ]


def exceptions_from_raw(stream_value) -> list[hours.DatedException]:
    found = []
    for child in raw_children(stream_value):
        value = child["value"]
        found.append(
            exception_from_block(
                {
                    **value,
                    "start_date": _date(value.get("start_date")),
                    "end_date": _date(value.get("end_date")),
                    "opens": _time(value.get("opens")),
                    "closes": _time(value.get("closes")),
                }
            )
        )
    return found


def opening_hours_from_raw(opening_hours, hours_exceptions=(), language: str = "el"):
    """The engine for a place from its stored weekly hours and dated exceptions."""
    return hours.OpeningHours(
        sessions_from_raw(opening_hours), exceptions_from_raw(hours_exceptions), language=language
    )


def stop_from_raw(stream_value, index: int) -> dict | None:
    children = raw_children(stream_value)
    if index >= len(children):
        return None
    value = dict(children[index]["value"])
    value["opens"], value["closes"] = _time(value.get("opens")), _time(value.get("closes"))
    return value
