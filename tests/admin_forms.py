"""An admin editor form as a browser submits it, for tests that post through Wagtail's views.

``querydict_from_html`` reads the form's inputs, but a StreamField is drawn by the admin's
JavaScript from the block's state (``data-w-block-arguments-value``) and posts as fields
(``body-count``, ``body-0-type``, ``body-0-value-…``) that are not in the HTML. ``editor_form``
adds those fields from each StreamField's state, so a post changes only what the test changes.
"""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from wagtail import blocks
from wagtail.test.utils.form_data import querydict_from_html


def editor_form(html: str, form_id: str, model):
    data = querydict_from_html(html, form_id=form_id)
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    for widget in form.select('[data-controller="w-block"]'):
        name = widget["id"]
        if "__prefix__" in name:  # the empty row an inline panel copies from
            continue
        state = json.loads(widget["data-w-block-arguments-value"])[0]
        _post(_stream_block(model, name), state, name, data)
    return data


def _stream_block(model, name: str):
    """The block of the StreamField posted as ``name``: ``body`` on the model, or
    ``branches-0-opening_hours`` on the model of an inline panel's rows."""
    parts = name.split("-")
    if len(parts) >= 3:
        model = model._meta.get_field(parts[0]).related_model
        name = "-".join(parts[2:])
    return model._meta.get_field(name).stream_block


def _post(block, state, prefix: str, data) -> None:
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            row = f"{prefix}-{index}"
            data.update(
                {
                    f"{row}-type": child["type"],
                    f"{row}-id": child.get("id") or "",
                    f"{row}-deleted": "",
                    f"{row}-order": str(index),
                }
            )
            _post(block.child_blocks[child["type"]], child["value"], f"{row}-value", data)
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            row = f"{prefix}-{index}"
            data.update({f"{row}-id": child.get("id") or "", f"{row}-deleted": ""})
            data[f"{row}-order"] = str(index)
            _post(block.child_block, child["value"], f"{row}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            _post(child_block, state.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if state:
            data[prefix] = "on"
    elif isinstance(state, dict) and "id" in state:  # a chooser: the chosen object's id
        data[prefix] = str(state["id"])
    elif isinstance(state, list):
        data.setlist(prefix, [str(item) for item in state])
    else:
        data[prefix] = "" if state is None else str(state)
