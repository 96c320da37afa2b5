"""Editors get a clear message, in their language, for hours that cannot be right."""

from datetime import date, time

import pytest
from django.utils import translation
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from directory import blocks


def session_value(days, opens, closes, past_midnight=False):
    block = blocks.SessionBlock()
    return block.to_python(
        {"days": days, "opens": opens, "closes": closes, "past_midnight": past_midnight}
    )


def messages(error) -> str:
    return str(error.as_json_data())


class TestSessionBlock:
    def test_closing_before_opening_is_refused_in_greek(self):
        with translation.override("el"), pytest.raises(StructBlockValidationError) as caught:
            blocks.SessionBlock().clean(session_value(["0"], "16:00", "15:00"))
        assert "Η ώρα λήξης 15:00 δεν είναι μετά την ώρα έναρξης 16:00" in messages(caught.value)

    def test_closing_before_opening_is_refused_in_english(self):
        with translation.override("en"), pytest.raises(StructBlockValidationError) as caught:
            blocks.SessionBlock().clean(session_value(["0"], "16:00", "15:00"))
        assert "Runs past midnight" in messages(caught.value)

    def test_a_night_session_is_accepted(self):
        value = blocks.SessionBlock().clean(session_value(["4"], "22:00", "06:00", True))
        assert value["past_midnight"] is True


class TestWeeklyHoursBlock:
    def test_overlapping_sessions_are_refused(self):
        block = blocks.WeeklyHoursBlock()
        value = block.to_python(
            [
                {
                    "type": "session",
                    "value": {"days": ["0", "1"], "opens": "09:00", "closes": "13:00"},
                },
                {"type": "session", "value": {"days": ["1"], "opens": "12:00", "closes": "14:00"}},
            ]
        )
        with translation.override("el"), pytest.raises(StreamBlockValidationError) as caught:
            block.clean(value)
        assert "επικαλύπτονται την ημέρα Τρίτη" in messages(caught.value)

    def test_split_day_is_accepted(self):
        block = blocks.WeeklyHoursBlock()
        value = block.to_python(
            [
                {"type": "session", "value": {"days": ["1"], "opens": "08:00", "closes": "15:00"}},
                {"type": "session", "value": {"days": ["1"], "opens": "17:00", "closes": "20:00"}},
            ]
        )
        assert len(block.clean(value)) == 2


class TestExceptionBlock:
    def test_end_before_start_is_refused(self):
        block = blocks.HoursExceptionBlock()
        value = block.to_python(
            {"start_date": "2026-12-02", "end_date": "2026-12-01", "closed": True, "reason": "x"}
        )
        with translation.override("el"), pytest.raises(StructBlockValidationError) as caught:
            block.clean(value)
        assert "01/12/2026" in messages(caught.value) and "end_date" in messages(caught.value)

    def test_special_hours_need_times(self):
        block = blocks.HoursExceptionBlock()
        value = block.to_python({"start_date": "2026-12-02", "closed": False, "reason": "x"})
        with translation.override("en"), pytest.raises(StructBlockValidationError) as caught:
            block.clean(value)
        assert "Closed" in messages(caught.value)

    def test_exception_block_feeds_the_engine(self):
        value = blocks.HoursExceptionBlock().to_python(
            {"start_date": "2026-12-24", "closed": False, "opens": "08:00", "closes": "12:00"}
        )
        exception = blocks.exception_from_block(value)
        assert exception.end == date(2026, 12, 24) and exception.opens == time(8)


class TestMobileStop:
    def test_leaving_before_arriving_is_refused(self):
        block = blocks.MobileStopBlock()
        value = block.to_python(
            {
                "place": "Κρουσώνας",
                "latitude": 35.2,
                "longitude": 24.9,
                "weekday": "1",
                "nth": "",
                "opens": "12:00",
                "closes": "09:00",
            }
        )
        with pytest.raises(StructBlockValidationError):
            block.clean(value)
