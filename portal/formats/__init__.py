"""Date formats the admin reads, whatever the editor's language: the day first, as Greece
writes dates (31/12/2026). Django's English formats put the month first (12/31/2026), so
05/06/2026 typed by an editor using the English admin would have been 6 May. Names not
defined here fall back to Django's own formats for the language (``FORMAT_MODULE_PATH``)."""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 31/12/2026: the admin's date picker writes this
    "%d/%m/%y",  # 31/12/26
    "%d.%m.%Y",  # 31.12.2026
    "%d-%m-%Y",  # 31-12-2026
    "%Y-%m-%d",  # 2026-12-31 (ISO)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # the admin's date-and-time picker writes this
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
]
FIRST_DAY_OF_WEEK = 1  # Monday
