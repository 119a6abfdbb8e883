"""Start several real Python processes at the same moment, for tests of concurrent starts and writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Each child imports first, then waits until the same wall-clock moment, so that the work
# itself (not the imports) starts together.
BARRIER = "import sys, time\nwhile time.time() < float(sys.argv[1]):\n    time.sleep(0.002)\n"


def run_together(
    code: str, count: int, setup: str = "", env: dict[str, str] | None = None, extra_args: list[str] | None = None
) -> list[tuple[int, str, str]]:
    """Run `setup` then, at one moment, `code` in `count` processes; (exit code, stdout, stderr) of each.

    In the children, sys.argv[2] is the child's number and sys.argv[3:] are `extra_args`.
    """
    start = str(time.time() + 6)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", setup + "\n" + BARRIER + code, start, str(number), *(extra_args or [])],
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for number in range(count)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=240)
        results.append((child.returncode, out, err))
    return results
