"""Wagtail's and wagtail-localize's admin templates that write an inline ``<script>``, replaced
in core/templates/ by the same template with that script made a data block for
static/js/admin-starters.js (``{% admin_starter %}``, core/templatetags/admin_starter_tags.py)
or a script file from 'self'.

Why: the admin's Content Security Policy allows no inline script (core/security_headers.py).
Where the original has a block around its script (the inline panels, the translation screens),
the replacement extends the original and overrides only that block; the date and time widgets
are one line each, without blocks, so they are written again whole. They live in an app, not
in the project's templates/ folder, because Django's form renderer (which renders the date
widgets) reads only the apps' templates; ``core`` is listed before wagtail.admin. The choosers,
which render in Python: core/adaptations/chooser_starters.py.

Mirrors Wagtail 8.0.1 and wagtail-localize 1.14.5 (``MIRRORS``: the originals, by file).
"""

MIRRORS = {
    "template:wagtail.admin:wagtailadmin/widgets/date_input.html": "2557f7a4fd543d7c",
    "template:wagtail.admin:wagtailadmin/widgets/time_input.html": "536917c544a13563",
    "template:wagtail.admin:wagtailadmin/widgets/datetime_input.html": "479d8ddeaa73d2fd",
    "template:wagtail.admin:wagtailadmin/panels/inline_panel.html": "195bb0b199edb062",
    "template:wagtail.admin:wagtailadmin/panels/multiple_chooser_panel.html": "673bc9b26ca95c03",
    "template:wagtail_localize:wagtail_localize/admin/submit_translation.html": "f11cd525d207f37c",
    "template:wagtail_localize:wagtail_localize/admin/edit_translation.html": "52b849c00b09876c",
}
