"""Reload the gazetteer from directory/data/ (idempotent; the data migration runs it once)."""

from django.core.management.base import BaseCommand

from directory.gazetteer import load_gazetteer


class Command(BaseCommand):
    help = "Create or update municipalities, postcodes and place names from directory/data/."

    def handle(self, *args, **options):
        counts = load_gazetteer()
        self.stdout.write(
            self.style.SUCCESS(
                "Gazetteer: {municipalities} municipalities, {postcodes} postcodes, "
                "{places} place names (© OpenStreetMap contributors, ODbL).".format(**counts)
            )
        )
