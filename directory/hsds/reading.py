"""An import file's text into HSDS organisations: a JSON object or array, NDJSON, or the CSV
template. Shared by ``manage.py import_hsds`` and the admin's import screen."""

from __future__ import annotations

import json
from collections.abc import Callable

from directory.hsds import csv_format


class Unreadable(ValueError):
    """The file is not JSON, NDJSON or the CSV template; the message says where."""


def kind_of(name: str, given: str | None = None) -> str | None:
    if given:
        return given
    return "csv" if name.lower().endswith(".csv") else None


def read_organisations(text: str, kind: str | None) -> tuple[list[dict], Callable]:
    """(organisations, a function turning a problem into its place in the input). Raises
    ``Unreadable``, or ``csv_format.CsvProblems`` for a CSV file with problems."""
    if kind == "csv":
        return csv_format.read(text)
    stripped = text.lstrip("\ufeff").strip()
    if kind in (None, "json") and stripped[:1] in ("{", "["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            if kind == "json" or stripped[:1] == "[":
                raise Unreadable(f"line {error.lineno}: not valid JSON ({error.msg})") from error
        else:
            if isinstance(data, dict):
                return [data], str
            if isinstance(data, list):
                return data, str
            raise Unreadable("expected a JSON object, an array of objects or NDJSON")
    organisations = []
    for number, line in enumerate(stripped.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            organisations.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise Unreadable(f"line {number}: not valid JSON ({error.msg})") from error
    return organisations, str


def read_mapping(text: str) -> dict[str, str]:
    """Their term → our code, from a two-column CSV (a header row is allowed)."""
    import csv
    import io

    mapping = {}
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise Unreadable(f"mapping, line {number}: give their term and our code")
        if number == 1 and cells[1].lower() in ("code", "our code", "ours"):
            continue
        mapping[cells[0]] = cells[1]
    return mapping


PART_SIZE = 500  # organisations held in memory at once when a file is read in parts


def looks_like_ndjson(path) -> bool:
    """Whether the file is one JSON object per line (its first line is a whole object and
    something follows it): such a file can be read a part at a time."""
    with open(path, encoding="utf-8-sig") as handle:
        first = ""
        for line in handle:
            if line.strip():
                first = line
                break
        rest = any(line.strip() for line in handle)
    try:
        return isinstance(json.loads(first), dict) and rest
    except json.JSONDecodeError:
        return False


def ndjson_parts(path, size: int = PART_SIZE) -> Callable:
    """A function giving the file's organisations in lists of ``size``, read afresh each
    time it is called (``importer.import_parts`` reads a file three times)."""

    def parts():
        part = []
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    part.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise Unreadable(f"line {number}: not valid JSON ({error.msg})") from error
                if len(part) >= size:
                    yield part
                    part = []
        if part:
            yield part

    return parts
