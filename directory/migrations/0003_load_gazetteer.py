"""Load the shipped gazetteer (municipalities, postcodes, place names) so every database —
a fresh `make run`, the test database, production — can resolve places from the start.
`manage.py load_gazetteer` reloads it later (idempotent)."""

from django.db import migrations


def load(apps, schema_editor):
    from directory.gazetteer import load_gazetteer

    load_gazetteer(
        apps.get_model("directory", "Municipality"),
        apps.get_model("directory", "Postcode"),
        apps.get_model("directory", "PlaceName"),
    )


def unload(apps, schema_editor):
    for name in ("PlaceName", "Postcode", "Municipality"):
        apps.get_model("directory", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_gazetteer_and_map_points")]

    operations = [migrations.RunPython(load, unload)]
