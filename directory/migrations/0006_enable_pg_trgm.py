"""Enable PostgreSQL's ``pg_trgm`` extension, which site search uses for typo tolerance
(trigram similarity over the search index; docs/decisions/0008-greek-search.md).

A no-op on SQLite and any other database: Django's ``CreateExtension`` only acts on
PostgreSQL. ``pg_trgm`` is a trusted extension, so the database owner may create it.

Migrating back leaves the extension installed: ``0005_listing_index`` may have created it
first (and its trigram index still needs it until 0005 itself is undone), and a DBA may have
installed it for other uses. An unused extension costs nothing; dropping one in use fails.
Forwards this is Django's ``TrigramExtension`` unchanged (decision 0015)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class KeepTrigramExtensionOnReverse(TrigramExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return "Creates extension pg_trgm (kept when migrating back)"


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_listing_index")]

    operations = [KeepTrigramExtensionOnReverse()]
