"""What every benchmark here shares: starting and stopping a server, and timing one page load.

benchmarks/run.py (the speed table), scale.py (100,000 and 1,000,000 sites), server.py (one
start), meeting.py and follow.py use it, so that a server is started, found healthy and
stopped in one way, and a first marker means the same thing in every figure.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402, F401  (one set of flags for tests and benchmarks)

VIEWPORT = {"width": 1400, "height": 900}
POLL = 0.025  # seconds between two looks at the page
SETTLE_QUIET = 1.0  # a load has settled when no websocket frame came for this long
STARTUP_TIMEOUT = 120.0  # for a server to answer /_stcore/health
DASHBOARD_TIMEOUT = 240.0  # for any dashboard step (targets are seconds; this only stops a hang)
FRAME = 'iframe[src*="streamlit_folium"]'
STATUS_LABEL = "Conservation status"

# Every marker element each app draws, in its map iframe.
APPS = {
    "dashboard": ".hm-site-icon, .hm-cluster-icon",
    "reference": ".leaflet-marker-icon, .marker-cluster",
    "floor": ".leaflet-marker-icon",  # benchmarks/floor_app.py: one marker, no data
}

# One look at the page: the markers in the map iframe (count and a signature of the
# set: position and text of each), whether the Streamlit script is running, and whether the
# sidebar shows a filter box (the map page draws them after the map: heritage/ui/firstpaint.py).
PROBE_JS = """
([frameSelector, markerSelector]) => {
    const running = !!document.querySelector('[data-testid="stStatusWidget"]');
    const filters = !!document.querySelector('[data-testid=stSidebarUserContent] [data-testid=stMultiSelect]');
    const iframe = document.querySelector(frameSelector);
    let doc = null;
    try { doc = iframe && iframe.contentDocument; } catch (e) { doc = null; }
    if (!doc) return {count: 0, signature: "", running, filters};
    const markers = doc.querySelectorAll(markerSelector);
    const parts = [];
    for (const m of markers) parts.push((m.style.transform || m.style.left + m.style.top) + "|" + m.textContent);
    parts.sort();
    let hash = 0;
    const text = parts.join(";");
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    return {count: markers.length, signature: markers.length + ":" + hash, running, filters};
}
"""


class StepTimeout(Exception):
    pass


# --- servers ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


APP = REPO / "app.py"  # what `make run` serves: the dashboard script plus the routes of heritage/api


@contextmanager
def streamlit_server(
    script: Path, cwd: Path, data: Path, log: Path, extra: list[str], launcher: list[str] | None = None
):
    """`streamlit run script --server.port P` on a free port, as `make run` starts the product;
    yields (url, process) once /_stcore/health answers.

    Every other setting comes from `cwd`'s `.streamlit/config.toml` (the repository's for the
    dashboard: file watcher off, headless), so a figure measures the product as shipped; `extra`
    is for the reference app only. `launcher` replaces `streamlit run script`
    (benchmarks/profile_server.py OUT.prof runs it profiled).
    """
    port = free_port()
    command = [
        *(launcher or [str(Path(sys.executable).parent / "streamlit"), "run", str(script)]),
        "--server.port",
        str(port),
        *extra,
    ]
    env = {**os.environ, "HERITAGE_DATA": str(data), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://localhost:{port}/"
    try:
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process, log)
        yield url, process
    finally:
        stop(process)


def wait_healthy(health: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"streamlit did not answer {health} within {STARTUP_TIMEOUT:g} s")


def stop(process: subprocess.Popen) -> None:
    """End the server we started (its own process group), politely first."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


# --- browser ----------------------------------------------------------------------------


class Load:
    """One page load in a fresh browser context, counting the websocket bytes it receives."""

    def __init__(self, browser, url: str, markers: str):
        self.markers = markers
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(0)
        self.bytes = 0
        self.frames = 0
        self.last_activity = time.monotonic()  # last websocket frame either way
        self.page.on("websocket", self._websocket)
        self.url = url
        self.started = time.monotonic()
        self.filters_at: float | None = None  # when a probe first saw the sidebar's filters

    def _websocket(self, ws) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload) -> None:
        self.bytes += len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)
        self.frames += 1
        self.last_activity = time.monotonic()

    def _sent(self, payload) -> None:
        # The map reports its bounds back after drawing, which starts another run.
        self.last_activity = time.monotonic()

    def probe(self) -> dict:
        state = self.page.evaluate(PROBE_JS, [FRAME, self.markers])
        if state["filters"] and self.filters_at is None:
            self.filters_at = time.monotonic()
        return state

    def first_marker(self, timeout: float) -> float:
        """Open the app; seconds from goto until a marker is drawn."""
        start = self.started = time.monotonic()
        self.page.goto(self.url, wait_until="commit")
        while True:
            if self.probe()["count"] > 0:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise StepTimeout
            time.sleep(POLL)

    def filters_shown(self, timeout: float) -> float:
        """After first_marker: seconds from its goto until the sidebar showed a filter box (seen by any probe)."""
        while self.filters_at is None:
            if time.monotonic() - self.started > timeout:
                raise StepTimeout
            self.probe()
            time.sleep(POLL)
        return self.filters_at - self.started

    def settle(self, timeout: float) -> dict:
        """Wait until the script is not running and no websocket frame came for a while."""
        start = time.monotonic()
        drawn = None  # when markers were first seen by this wait
        while True:
            state = self.probe()
            now = time.monotonic()
            if state["count"] > 0 and drawn is None:
                drawn = now
            quiet = drawn is not None and now - max(self.last_activity, drawn) >= SETTLE_QUIET
            if state["count"] > 0 and not state["running"] and quiet:
                return state
            if time.monotonic() - start > timeout:
                raise StepTimeout
            time.sleep(POLL)

    def choose_first_status(self, timeout: float) -> float:
        """Pick the first option of the status multiselect; seconds until the map has changed."""
        before = self.settle(timeout)["signature"]
        box = self.page.get_by_role("combobox", name=STATUS_LABEL)
        box.click(timeout=30_000)
        # The first status, not the "Select all" entry Streamlit puts before them.
        option = self.page.get_by_role("option").filter(has_not_text=re.compile(r"^\s*select all\s*$", re.I)).first
        option.wait_for(state="visible", timeout=30_000)
        self.chosen = option.inner_text().strip()
        bytes_before = self.bytes
        start = time.monotonic()
        option.click(timeout=30_000)
        while True:
            state = self.probe()
            if state["count"] > 0 and state["signature"] != before and not state["running"]:
                self.filter_bytes = self.bytes - bytes_before
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise StepTimeout
            time.sleep(POLL)

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # a page stuck in a long script: the browser is closed at the end anyway
            pass
