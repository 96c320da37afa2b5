"""The Wagtail admin without inline scripts: its choosers are started from inert JSON data.

Why: Wagtail starts each chooser widget with an inline ``<script>`` written after the widget's
HTML (``new PageChooser("id_x", {...})``). The admin's Content Security Policy allows no inline
script (core/security_headers.py), so here that script becomes a data block the browser never
executes::

    <script type="application/json" data-koinotita-starter>
      {"call": "PageChooser", "args": ["id_x", {...}]}
    </script>

and ``static/js/admin-starters.js`` (a file from 'self', on every admin page through the
``insert_global_admin_js`` hook) calls the named function, which it must find in its own
allow-list, with those arguments. Choosers render in Python, and no hook or setting reaches
the script they write, so ``install()`` replaces ``BaseChooser.render``. The date widgets and
inline panels write their scripts from templates: core/adaptations/inline_script_templates.py.

Mirrors Wagtail 8.0.1 (``MIRRORS``; tests/home/test_admin_starters.py also fails when a chooser
appears whose script this module cannot translate).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

MIRRORS = {
    "wagtail.admin.widgets.chooser:BaseChooser.render": "0cd7d42ae7b3c43f",
    "wagtail.admin.widgets.chooser:BaseChooser.render_js_init": "a1590ffbe7dddf07",
    "wagtail.admin.widgets.chooser:BaseChooser.get_js_init_options": "f12753e95d53a1e9",
    "wagtail.admin.widgets.workflows:AdminTaskChooser.render_js_init": "0c28969578f6568d",
}

# Characters that could end the <script> element or open a comment inside it, as
# django.utils.html.json_script escapes them; JSON.parse reads the escapes back.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def starter_block(call: str, *args) -> SafeString:
    """The data block that has admin-starters.js run ``call(*args)`` (``new`` for constructors)."""
    data = json.dumps({"call": call, "args": list(args)}, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/json" data-koinotita-starter>{}</script>',
        mark_safe(data.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped for a <script> above
    )


def chooser_starter(widget, id_: str, name: str, value_data) -> SafeString:
    """What ``BaseChooser.render_js_init`` would have written, as a data block."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    own = type(widget).render_js_init
    if own is BaseChooser.render_js_init:
        options = widget.get_js_init_options(id_, name, value_data)
        return starter_block(widget.js_constructor, id_, options)
    if own is AdminTaskChooser.render_js_init:
        return starter_block("createTaskChooser", id_)
    raise TypeError(
        f"{type(widget).__qualname__} writes its own inline script (render_js_init); "
        "core/adaptations/chooser_starters.py must learn to start it from data."
    )


def install() -> None:
    """Replace ``BaseChooser.render`` (Wagtail 8.0.1): the same HTML, then a data block
    instead of ``<script>{render_js_init}</script>``."""
    from wagtail.admin.widgets import BaseChooser

    if getattr(BaseChooser.render, "starts_from_data", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        try:
            id_ = attrs["id"]
        except (KeyError, TypeError) as e:
            raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
        value_data = self.get_value_data(value)
        widget_html = self.render_html(name, value_data, attrs)
        return widget_html + chooser_starter(self, id_, name, value_data)

    render.starts_from_data = True
    BaseChooser.render = render
