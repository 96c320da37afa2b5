"""The finder's form: one text box (postcode or place) or coordinates from the browser, and an
"open now" filter. Used by the HTML page and the JSON endpoint alike, so both validate the same
way and bad input always gets a message, never an error page."""

import math

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import clean_text
from directory.gazetteer import CONTROL, MAX_ID, MAX_PLACE_QUERY_LENGTH


class FinderForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_PLACE_QUERY_LENGTH,
        strip=True,
        label=_("Postcode or area"),
        help_text=_("For example 61200, Αξιούπολη, Chania or ΠΑΙΟΝΙΑ."),
        error_messages={
            "max_length": _("Type at most %(limit_value)d characters: a postcode or a place name.")
        },
    )
    lat = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("The latitude must be a number, e.g. 40.99."),
            "min_value": _("The latitude must be between -90 and 90."),
            "max_value": _("The latitude must be between -90 and 90."),
        },
    )
    lng = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("The longitude must be a number, e.g. 22.55."),
            "min_value": _("The longitude must be between -180 and 180."),
            "max_value": _("The longitude must be between -180 and 180."),
        },
    )
    place = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    open_now = forms.BooleanField(required=False, label=_("Open now only"))

    def clean_q(self):
        value = self.cleaned_data["q"]
        if CONTROL.search(value) or "\ufffd" in value:
            raise forms.ValidationError(_("Type a postcode or a place name in letters or digits."))
        return value

    def clean(self):
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        for name in ("lat", "lng"):
            value = data.get(name)
            if value is not None and not math.isfinite(value):
                self.add_error(name, _("Coordinates must be ordinary numbers."))
        if (lat is None) != (lng is None) and not self.errors:
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data

    @property
    def has_query(self) -> bool:
        data = self.data
        return any(clean_text(data.get(name)) for name in ("q", "lat", "lng", "place"))
