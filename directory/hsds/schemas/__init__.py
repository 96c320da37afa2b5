"""The official HSDS 3.0 compiled JSON Schemas (CC BY-SA 4.0, see README.md here)."""

import functools
import gzip
import json
from pathlib import Path

HERE = Path(__file__).parent


@functools.cache
def schema(name: str) -> dict:
    """``schema("service")`` or ``schema("service_list")``."""
    gzipped = HERE / f"{name}.json.gz"
    if gzipped.exists():
        with gzip.open(gzipped, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def schedule_schema() -> dict:
    return schema("service")["properties"]["schedules"]["items"]
