"""The portal's date input formats (see ``portal.formats``)."""

from portal.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, FIRST_DAY_OF_WEEK

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "FIRST_DAY_OF_WEEK"]
