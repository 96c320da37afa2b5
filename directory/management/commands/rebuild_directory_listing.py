"""Rebuild the partner directory's listing index from every service (normally kept in step
whenever a service, an organisation's locations or the category tree change)."""

from django.core.management.base import BaseCommand

from directory.listing import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the directory's listing index (filters, places, hours) from every service."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{rebuild_all()} services indexed."))
