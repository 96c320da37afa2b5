"""The generated-request test over every route with a large budget.

``make test`` runs ``tests/security/test_generated_requests.py`` with a bounded number of
examples; this runs the same test with ``--examples`` (default 20 000) and records how many
requests were made, how long they took and whether any failed, in
``bench/results/generated_requests.json`` and ``.md``.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.common import RESULTS, ROOT

TEST = "tests/security/test_generated_requests.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    began = time.perf_counter()
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
        cwd=ROOT,
        env={**os.environ, "GENERATED_REQUESTS": str(args.examples)},
        capture_output=True,
        text=True,
    )
    seconds = round(time.perf_counter() - began)
    summary = (ran.stdout.strip().splitlines() or ["no output"])[-1]
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "examples": args.examples,
        "passed": ran.returncode == 0,
        "wall_s": seconds,
        "summary": summary,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "generated_requests.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "generated_requests.md").write_text(
        "# Generated requests over every route\n\n"
        f"{result['measured_at']}: {args.examples} generated requests "
        f"(`{TEST}`), {'no failure' if result['passed'] else 'FAILED'}; "
        f"{seconds} s with the test database's set-up. pytest: {summary}\n"
    )
    if not result["passed"]:
        print(ran.stdout[-5000:], ran.stderr[-2000:], sep="\n")
        sys.exit(1)
    print(summary)


if __name__ == "__main__":
    main()
