"""``{% admin_starter %}``: the replaced Wagtail admin templates (core/templates/wagtailadmin/)
write a data block for static/js/admin-starters.js where Wagtail wrote an inline script
(core/adaptations/inline_script_templates.py)."""

import json

from django import template

from core.adaptations.chooser_starters import starter_block

register = template.Library()


@register.simple_tag
def admin_starter(call, *args):
    """``{% admin_starter "initDateChooser" widget.attrs.id widget.config_json|from_json %}``."""
    return starter_block(call, *args)


@register.filter
def from_json(text):
    """Wagtail hands its templates some arguments already as JSON text; read them back so
    ``admin_starter`` writes them once, escaped for a ``<script>`` element."""
    return json.loads(text)
