"""Run the dashboard with every script run profiled (cProfile), to see where a run's time goes.

    .venv/bin/python benchmarks/profile_server.py OUT.prof [streamlit run options...]

Streamlit runs each session's script in its own thread, which cProfile does not follow, so
ScriptRunner._run_script is wrapped: each run is profiled in its own thread and added to one
total, written to OUT.prof every 3 s. Read it with
`python -m pstats OUT.prof` (sort cumulative / tottime). Drive it with benchmarks/meeting.py --url.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import sys
import threading
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

REPO = Path(__file__).resolve().parent.parent
_total: pstats.Stats | None = None
_lock = threading.Lock()
_original = script_runner.ScriptRunner._run_script
# PROFILE_SKIP_RUNS=N leaves the first N script runs out (a start's imports and data loading),
# so that the profile shows what warm runs cost.
SKIP_RUNS = int(os.environ.get("PROFILE_SKIP_RUNS", "0"))
_skipped = 0


def _profiled(self, rerun_data):
    global _total, _skipped
    with _lock:
        if _skipped < SKIP_RUNS:  # the first runs of a start (imports, loading): see SKIP_RUNS
            _skipped += 1
            return _original(self, rerun_data)
    profile = cProfile.Profile()
    profile.enable()
    try:
        return _original(self, rerun_data)
    finally:
        profile.disable()
        with _lock:
            if _total is None:
                _total = pstats.Stats(profile)
            else:
                _total.add(profile)


def _write(path: str) -> None:
    with _lock:
        if _total is not None:
            _total.dump_stats(path)


def _keep_writing(path: str) -> None:
    """Streamlit replaces the signal handlers, so the total is written every few seconds."""
    while True:
        threading.Event().wait(3)
        _write(path)


def main() -> None:
    out, options = sys.argv[1], sys.argv[2:]
    script_runner.ScriptRunner._run_script = _profiled
    atexit.register(_write, out)
    threading.Thread(target=_keep_writing, args=(out,), daemon=True).start()
    sys.argv = ["streamlit", "run", str(REPO / "app.py"), *options]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
