"""Forget old search counts: ``manage.py prune_search_log [--days N]`` (default 365).

Run it daily beside the publishing scheduler (docs/deployment.md). The counts hold nothing
personal, but keeping them no longer than they are useful is the point of a retention limit.
"""

from django.core.management.base import BaseCommand, CommandError

from search.analytics import DEFAULT_RETENTION_DAYS, prune


class Command(BaseCommand):
    help = "Delete search-log counts older than --days days (default 365)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_RETENTION_DAYS,
            help=f"Keep this many days of counts (default {DEFAULT_RETENTION_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        deleted = prune(days)
        if options["verbosity"]:
            self.stdout.write(f"Deleted {deleted} search-log row(s) older than {days} days.")
