"""Rebuild the finder's map points from every live centre (normally kept in step on publish)."""

from django.core.management.base import BaseCommand

from directory.map_points import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the finder's map points from the live centre pages."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{rebuild_all()} map points."))
