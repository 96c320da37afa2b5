"""Schema-driven fuzzing of the HSDS API: Schemathesis generates requests from our own OpenAPI
document, both valid ones and deliberately invalid ones, and not one may get a server error.
Every answer must be JSON (or NDJSON) a client can parse, and every refusal a JSON error.

The budget is bounded (a fixed number of examples, derandomised so CI is repeatable); raise
``HSDS_FUZZ_EXAMPLES`` for a longer run.
"""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from directory.hsds.openapi import document

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(document())
EXAMPLES = int(os.environ.get("HSDS_FUZZ_EXAMPLES", "150"))


def request(client, case):
    query = {
        name: [str(v) for v in value] if isinstance(value, list) else str(value)
        for name, value in (case.query or {}).items()
    }
    headers = {
        f"HTTP_{name.upper().replace('-', '_')}": str(value)
        for name, value in (case.headers or {}).items()
    }
    return client.get("/api/hsds" + case.formatted_path, query, **headers)


def assert_well_formed(response):
    assert response.status_code < 500, response.content[:500]
    if response.streaming:
        for line in b"".join(response.streaming_content).splitlines():
            json.loads(line)
        return
    if response.status_code == 304:
        return
    body = json.loads(response.content)
    if response.status_code >= 400:
        assert body["error"]["message"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_get_a_server_error(client, mode):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=SCHEMA.as_strategy(generation_mode=mode))
    def run(case):
        assert_well_formed(request(client, case))

    run()
