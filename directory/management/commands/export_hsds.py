"""``python manage.py export_hsds [--format json|ndjson] [--language el|en] [--output FILE]``

Writes every published organisation (community centres and partners) as fully nested HSDS
3.0 objects with their full services: the objects ``/api/hsds/organizations/{id}?
full_service=true`` returns, and what ``import_hsds`` reads. Organisations are read and written
a chunk at a time, so memory stays flat whatever the directory's size.
"""

import sys
from urllib.parse import urljoin

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from wagtail.models import Locale

from directory.hsds import collections
from directory.hsds.http import dumps
from directory.hsds.params import LANGUAGES, ApiQuery
from directory.hsds.serialise import Serialiser


class Command(BaseCommand):
    help = "Export the published directory as HSDS 3.0 organisations (JSON array or NDJSON)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "ndjson"], default="json")
        parser.add_argument("--language", choices=LANGUAGES, default=LANGUAGES[0])
        parser.add_argument("--output", default="-", help="A file, or - for standard output.")
        parser.add_argument(
            "--base-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Where the site is served, for the pages' absolute URLs.",
        )

    def handle(self, *args, **options):
        locale = Locale.objects.filter(language_code=options["language"]).first()
        if locale is None:
            raise CommandError(f"There is no {options['language']} content to export.")
        translation.activate(options["language"])
        base = options["base_url"].rstrip("/") + "/"
        serialiser = Serialiser(locale, options["language"], lambda url: urljoin(base, url))
        query = ApiQuery(full=True, full_service=True)
        items = collections.organisations(serialiser, query).stream()
        if options["output"] == "-":
            count = self.write(sys.stdout, items, options["format"])
        else:
            with open(options["output"], "w", encoding="utf-8") as handle:
                count = self.write(handle, items, options["format"])
        self.stderr.write(f"Exported {count} organisations ({options['language']}).")

    @staticmethod
    def write(handle, items, format_: str) -> int:
        count = 0
        if format_ != "ndjson":
            handle.write("[")
        for item in items:
            separator = "\n" if format_ == "ndjson" or count == 0 else ",\n"
            if format_ == "ndjson":
                handle.write(dumps(item) + separator)
            else:
                handle.write(separator + dumps(item))
            count += 1
        if format_ != "ndjson":
            handle.write("\n]\n")
        return count
