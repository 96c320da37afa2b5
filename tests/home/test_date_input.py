"""A date typed the Greek way (31/12/2026) is the date stored, in every admin form and block,
whichever language the editor uses: the admin's pickers write day first and every form reads
day first. (Before, the picker wrote ISO dates and read 31/12/2026 as nothing, so it put
today's date in its place; in English, 05/06/2026 would have been read as 6 May.)"""

from datetime import date, datetime

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import translation
from wagtail.admin.panels import get_edit_handler
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.blocks import DateBlock, DateTimeBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField

APPS = ("home", "directory", "search", "signin", "core")


def admin_forms():
    """(label, form class) of every model of ours the admin edits."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.abstract:
            continue
        fields = model._meta.get_fields()
        has_dates = any(
            isinstance(f, (models.DateField, StreamField)) for f in fields if f.concrete
        )
        if not has_dates:
            continue
        found.append((model._meta.label, get_edit_handler(model).get_form_class()))
    return found


def date_blocks(block, path=""):
    if isinstance(block, (DateBlock, DateTimeBlock)):
        yield path, block
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, (StreamBlock, StructBlock)) or children:
        for name, child in children.items():
            yield from date_blocks(child, f"{path}.{name}")
    child = getattr(block, "child_block", None)
    if child is not None:
        yield from date_blocks(child, f"{path}.item")


FORMS = admin_forms()


def test_the_admin_edits_dates_somewhere():
    labels = {label for label, _form in FORMS}
    assert {"home.FundingNoticePage", "home.SiteAlert", "directory.OrganisationLocation"} & labels


@pytest.mark.django_db  # some forms list choices from the database
@pytest.mark.parametrize("language", ["el", "en"])
@pytest.mark.parametrize(("label", "form_class"), FORMS, ids=[label for label, _ in FORMS])
def test_every_admin_date_field_reads_what_its_picker_writes(label, form_class, language):
    with translation.override(language):
        form = form_class()
        for name, field in form.fields.items():
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field.widget, AdminDateTimeInput), name
                assert field.widget.js_format == "d/m/Y H:i", name
                value = field.clean("31/12/2026 17:30")
                assert (value.date(), value.hour, value.minute) == (date(2026, 12, 31), 17, 30)
                shown = field.widget.format_value(datetime(2026, 6, 5, 9, 0))
                assert shown == "05/06/2026 09:00", name
            elif isinstance(field, forms.DateField):
                assert isinstance(field.widget, AdminDateInput), name
                assert field.widget.js_format == "d/m/Y", name
                assert field.clean("31/12/2026") == date(2026, 12, 31), name
                assert field.clean("05/06/2026") == date(2026, 6, 5), name  # 5 June, not 6 May
                assert field.widget.format_value(date(2026, 6, 5)) == "05/06/2026", name


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_date_block_reads_what_its_picker_writes(language):
    seen = 0
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            for path, block in date_blocks(field.stream_block, field.name):
                seen += 1
                with translation.override(language):
                    form_field = block.field
                    if isinstance(block, DateTimeBlock):
                        value = form_field.clean("31/12/2026 17:30")
                        assert value.date() == date(2026, 12, 31), path
                    else:
                        assert form_field.clean("05/06/2026") == date(2026, 6, 5), path
                        assert form_field.widget.js_format == "d/m/Y", path
    assert seen, "no date block found: the walk is broken"
