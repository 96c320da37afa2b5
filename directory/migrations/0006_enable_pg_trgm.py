"""Enable PostgreSQL's ``pg_trgm`` extension, which site search uses for typo tolerance
(trigram similarity over the search index; docs/decisions/0008-greek-search.md).

A no-op on SQLite and any other database: Django's ``CreateExtension`` only acts on
PostgreSQL. ``pg_trgm`` is a trusted extension, so the database owner may create it."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_listing_index")]

    operations = [TrigramExtension()]
