"""An index on Wagtail's page table for the menu and listings.

Every page renders the main menu from the home page's children: ``depth = N AND path BETWEEN
…``. Wagtail indexes ``path`` alone, and on a PostgreSQL database whose collation is not "C"
that range cannot use it (Wagtail compares paths with COLLATE "C"), so with 100 000 directory
pages the menu query read the whole table (about 20 ms on every request). An index on
``(depth, path)`` answers it from a handful of rows on SQLite and PostgreSQL alike.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS koinotita_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS koinotita_page_depth_path",
        )
    ]
