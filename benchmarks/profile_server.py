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


def _profiled(self, rerun_data):
    global _total
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
    sys.argv = ["streamlit", "run", str(REPO / "dashboard.py"), *options]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
