"""Import Open Referral HSDS 3.0 organisations (or the CSV template) into the partner
directory: ``manage.py import_hsds FILE [--publish] [--language el|en] [--format …]
[--user USERNAME]``.

FILE is a JSON object, a JSON array of organisations, NDJSON (one organisation per line) or a
CSV file in the template of docs/hsds-csv-import.md; ``-`` reads standard input. Nothing is
written when the input has problems: they are listed one per line with their place. Each page
created or changed is in the audit log (page history, Reports → Site history), under the
account given with ``--user`` (else no user: "system").
"""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.hsds import csv_format, reading
from directory.hsds.importer import ImportProblems, import_organisations, import_parts


def read_organisations(text: str, kind: str | None) -> tuple[list[dict], object]:
    try:
        return reading.read_organisations(text, kind)
    except reading.Unreadable as error:
        raise CommandError(str(error)) from error


def read_mapping(name: str) -> dict[str, str]:
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            return reading.read_mapping(handle.read())
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{name}: cannot read the mapping file ({error})") from error
    except reading.Unreadable as error:
        raise CommandError(str(error)) from error


class Progress:
    """A bar on standard error, only when it is a terminal."""

    def __init__(self, stream):
        self.stream = stream
        self.active = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.0f}/s)"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    @staticmethod
    def _ndjson(name: str) -> bool:
        try:
            return reading.looks_like_ndjson(name)
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{name}: not UTF-8 text") from error

    @staticmethod
    def _text(name: str) -> str:
        try:
            if name == "-":
                return sys.stdin.read()
            with open(name, encoding="utf-8-sig", newline="") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{name}: not UTF-8 text") from error

    help = "Import HSDS 3.0 organisations (JSON, NDJSON) or the CSV template into the directory."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .json, .ndjson or .csv file, or - for stdin")
        parser.add_argument("--publish", action="store_true", help="publish (default: drafts)")
        parser.add_argument("--language", default="el", choices=["el", "en"])
        parser.add_argument("--format", choices=["json", "ndjson", "csv"], default=None)
        parser.add_argument(
            "--mapping",
            default=None,
            help="a CSV of two columns, their term (id, code or name) and our category or "
            "target-group code, for taxonomies that do not match ours by code or name",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="the account the audit log and revisions attribute the import to (attribution "
            "only: whoever runs the command is trusted, as before)",
        )

    def handle(self, *args, **options):
        name = options["file"]
        user = None
        if options["user"]:
            User = get_user_model()
            user = User.objects.filter(**{User.USERNAME_FIELD: options["user"]}).first()
            if user is None:
                raise CommandError(f"there is no account {options['user']!r}")
        kind = options["format"]
        if kind is None and name.lower().endswith(".csv"):
            kind = "csv"
        mapping = read_mapping(options["mapping"]) if options["mapping"] else None
        settings = {
            "language": options["language"],
            "publish": options["publish"],
            "term_mapping": mapping,
            "progress": Progress(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr),
            "user": user,
        }
        where = str
        try:
            if name != "-" and kind in (None, "ndjson") and self._ndjson(name):
                # One organisation per line: read a part at a time, in bounded memory.
                summary = import_parts(reading.ndjson_parts(name), **settings)
            else:
                organisations, where = read_organisations(self._text(name), kind)
                summary = import_organisations(organisations, **settings)
        except reading.Unreadable as error:
            raise CommandError(str(error)) from error
        except (ImportProblems, csv_format.CsvProblems) as error:
            lines = (
                [where(p) for p in error.problems]
                if isinstance(error, ImportProblems)
                else [str(p) for p in error.problems]
            )
            raise CommandError(
                f"nothing imported, {len(lines)} problem(s):\n" + "\n".join(lines)
            ) from error
        for line in summary.lines():
            self.stdout.write(line)
        if summary.confidential:
            self.stdout.write(
                f"{len(summary.confidential)} location(s) kept confidential (no address, "
                "postcode or coordinates published):"
            )
            for decision in summary.confidential:
                self.stdout.write(f"  {where(decision.as_problem())}")
        if summary.warnings:
            self.stdout.write(f"{len(summary.warnings)} warning(s):")
            for warning in summary.warnings:
                self.stdout.write(f"  {where(warning)}")
