"""The scale rows of issue 12, for the dashboard alone: `run.py --scale 100000,1000000`.

For each size, in one run on this machine:

- validate: `python -m heritage validate FILE` as a child process; wall seconds and its
  peak resident memory (ru_maxrss from wait4);
- first start, no cache: seconds from starting `streamlit run app.py` (with an empty
  HERITAGE_CACHE_DIR) to the first marker in a browser that opens the page as soon as the
  server answers; and whether the app's progress bar was seen meanwhile;
- first marker, warm: the median of --warm-runs later loads, each in a new browser context;
- filter change: choosing the first status in the sidebar until the map has changed;
- pan, server time: after a drag of the map, from the first websocket frame the page sends
  (the map's bounds report) to the last frame it receives for that run;
- restart with cache: the server stopped and started again on the same cache folder;
  seconds from start to the first marker;
- peak server memory: VmHWM of the server process (first start; restart), read before
  it is stopped;
- a new observation: in this process, `Dataset.with_observations` of one observation over
  the base read from the cache the server wrote (issue 9's overlay).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import (  # noqa: E402
    APP,
    APPS,
    FRAME,
    POLL,
    Load,
    StepTimeout,
    streamlit_server,
)
from heritage.synthetic import write_synthetic  # noqa: E402

TIMEOUT = 300.0  # seconds for any one step; the targets are far below this
PROGRESS = '[data-testid="stProgress"]'

# Targets at a million sites; at 100,000 the first four marked `scaled` are a third.
TARGETS_1M = {
    "first_start": 30.0,
    "restart": 5.0,
    "warm": 2.0,
    "filter": 1.0,
    "pan": 0.3,
    "peak_rss_mb": 2048.0,
    "validate_s": 60.0,
    "validate_mb": 1536.0,
    "observation_s": 0.1,  # issue 9: "milliseconds, whatever the size of the base"
}
SCALED = ("first_start", "restart", "peak_rss_mb", "validate_s", "validate_mb")
LABELS = {
    "first_start": "first start, no cache: server start to first marker (s)",
    "restart": "restart with cache: server start to first marker (s)",
    "warm": "first marker, warm (s)",
    "filter": "filter change (s)",
    "pan": "pan: server time, bounds report to new layer (s)",
    "peak_rss_mb": "peak server memory, RSS (MB)",
    "validate_s": "`validate` on the file (s)",
    "validate_mb": "`validate` peak memory (MB)",
    "observation_s": "a new observation over the cached base (s, in process)",
}


def targets_for(sites: int) -> dict[str, float]:
    if sites >= 1_000_000:
        return dict(TARGETS_1M)
    return {k: (v / 3 if k in SCALED else v) for k, v in TARGETS_1M.items()}


@dataclass
class ScaleRow:
    sites: int
    figures: dict[str, float | None] = field(default_factory=dict)
    progress_seen: bool | None = None
    restart_rss_mb: float | None = None
    warm_samples: list[float] = field(default_factory=list)
    validate_cpu_s: float | None = None  # user + system seconds: what the machine's other load cannot inflate
    load_average: list[float] = field(default_factory=list)  # 1-minute load average before each step
    first_start_cpu_s: float | None = None  # server CPU seconds from its start to the first marker
    restart_cpu_s: float | None = None


class TimedLoad(Load):
    """A Load that also keeps when each websocket frame was sent and received."""

    def __init__(self, browser, url: str, markers: str):
        super().__init__(browser, url, markers)
        self.sent_at: list[float] = []
        self.received_at: list[float] = []
        self.received_sizes: list[int] = []

    def _received(self, payload) -> None:
        super()._received(payload)
        self.received_at.append(time.monotonic())
        self.received_sizes.append(len(payload))

    def _sent(self, payload) -> None:
        super()._sent(payload)
        self.sent_at.append(time.monotonic())

    def first_marker_since(self, started: float, timeout: float) -> tuple[float, bool]:
        """Open the page; seconds from `started` to the first marker, and whether a progress bar showed."""
        self.page.goto(self.url, wait_until="commit")
        progress = False
        while True:
            if self.probe()["count"] > 0:
                return time.monotonic() - started, progress
            progress = progress or self.page.locator(PROGRESS).count() > 0
            if time.monotonic() - started > timeout:
                raise StepTimeout
            time.sleep(POLL)

    def pan(self, timeout: float) -> float:
        """Drag the map; seconds from the bounds report leaving the page to the last frame of its run."""
        self.settle(timeout)
        box = self.page.locator(FRAME).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + 160, y + 90, steps=8)
        released = time.monotonic()
        self.page.mouse.up()
        self.settle(timeout)
        # The page also sends frames of its own after a drag (its timers start runs about every
        # second), so the bounds report is found by its answer: the largest frame received
        # after the drag is the new layer, and the report is the last frame sent before it.
        # Counted until the page sends its next frame.
        after = [(t, size) for t, size in zip(self.received_at, self.received_sizes, strict=True) if t >= released]
        if not after:
            raise StepTimeout
        layer_at = max(after, key=lambda item: item[1])[0]
        reports = [t for t in self.sent_at if released <= t <= layer_at]
        if not reports:
            raise StepTimeout
        report = reports[-1]
        until = min((t for t in self.sent_at if t > report), default=float("inf"))
        return max(t for t, _ in after if t < until) - report


def observation_seconds(data: Path, cache: Path) -> float:
    """Seconds to apply one new observation to the cached base (what every copy does when one is stored)."""
    import pandas as pd

    from heritage.cache import BaseCache
    from heritage.dataset import Dataset

    base = Dataset.base(data, cache=BaseCache(cache))
    observations = pd.DataFrame(
        {
            "id": [1], "site_id": [base.sites["id"].iloc[len(base.sites) // 2]], "field": ["status"],
            "value": ["damaged"], "observed": [pd.Timestamp("2025-01-01").date()], "source": ["Benchmark"],
            "source_url": [None], "author": ["benchmark"], "withdrawn": [False],
        }
    )  # fmt: skip
    started = time.monotonic()
    base.with_observations(observations, 1)
    return time.monotonic() - started


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds the process has used so far (from /proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def validate(data: Path) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of `python -m heritage validate data`."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "heritage", "validate", str(data)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"validate exited with {process.returncode}")
    return time.monotonic() - started, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


@contextmanager
def environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def measure_scale(browser, sites: int, tmp: Path, warm_runs: int, log=print) -> ScaleRow:
    row = ScaleRow(sites)
    markers = APPS["dashboard"]
    data = write_synthetic(tmp / f"scale-{sites}.geojson", sites)
    log(f"  file written: {data.stat().st_size / 1e6:,.0f} MB")
    row.load_average.append(os.getloadavg()[0])
    row.figures["validate_s"], row.figures["validate_mb"], row.validate_cpu_s = validate(data)
    log(
        f"  validate {row.figures['validate_s']:.1f} s ({row.validate_cpu_s:.1f} s CPU), "
        f"{row.figures['validate_mb']:,.0f} MB"
    )
    row.load_average.append(os.getloadavg()[0])
    cache = tmp / f"cache-{sites}"
    store = f"sqlite:///{tmp / f'store-{sites}.sqlite'}"
    with environment(HERITAGE_CACHE_DIR=str(cache), HERITAGE_DATABASE_URL=store, HERITAGE_TILES="none"):
        started = time.monotonic()
        with streamlit_server(APP, REPO, data, tmp / f"scale-{sites}-first.log", []) as (url, proc):
            first = TimedLoad(browser, url, markers)
            try:
                row.figures["first_start"], row.progress_seen = first.first_marker_since(started, TIMEOUT)
                row.first_start_cpu_s = cpu_seconds(proc.pid)
            finally:
                first.close()
            log(f"  first start {row.figures['first_start']:.1f} s (progress bar seen: {row.progress_seen})")
            warm = TimedLoad(browser, url, markers)
            try:
                row.warm_samples.append(warm.first_marker_since(time.monotonic(), TIMEOUT)[0])
                row.figures["filter"] = warm.choose_first_status(TIMEOUT)
                row.figures["pan"] = warm.pan(TIMEOUT)
            finally:
                warm.close()
            for _ in range(warm_runs - 1):
                extra = TimedLoad(browser, url, markers)
                try:
                    row.warm_samples.append(extra.first_marker_since(time.monotonic(), TIMEOUT)[0])
                finally:
                    extra.close()
            row.figures["warm"] = statistics.median(row.warm_samples)
            row.figures["peak_rss_mb"] = peak_rss_mb(proc.pid)
        log(f"  warm {row.figures['warm']:.2f} s, filter {row.figures['filter']:.2f} s, pan {row.figures['pan']:.2f} s")
        row.load_average.append(os.getloadavg()[0])
        started = time.monotonic()
        with streamlit_server(APP, REPO, data, tmp / f"scale-{sites}-restart.log", []) as (url, proc):
            again = TimedLoad(browser, url, markers)
            try:
                row.figures["restart"], _ = again.first_marker_since(started, TIMEOUT)
                row.restart_cpu_s = cpu_seconds(proc.pid)
            finally:
                again.close()
            row.restart_rss_mb = peak_rss_mb(proc.pid)
        log(f"  restart {row.figures['restart']:.1f} s, RSS first start {row.figures['peak_rss_mb']:,.0f} MB")
    row.figures["observation_s"] = observation_seconds(data, cache)
    return row


def scale_table(rows: list[ScaleRow]) -> str:
    """One line per figure, a measured and a target column per size, and whether it is met."""
    header = ["figure"]
    for row in rows:
        header += [f"{row.sites:,}", "target", ""]
    lines = [header]
    for key, label in LABELS.items():
        line = [label]
        for row in rows:
            value, target = row.figures.get(key), targets_for(row.sites)[key]
            digits = 0 if key.endswith("_mb") else 3 if key == "observation_s" else 2
            shown = "n/a" if value is None else f"{value:,.{digits}f}"
            if key == "peak_rss_mb" and row.restart_rss_mb is not None and value is not None:
                shown += f" / {row.restart_rss_mb:,.0f}"
            line += [
                shown,
                f"<= {target:,.{digits}f}",
                "" if value is None else ("met" if value <= target else "NOT met"),
            ]
        lines.append(line)
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    text = []
    for number, line in enumerate(lines):
        text.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if number == 0:
            text.append("  ".join("-" * w for w in widths))
    notes = ["peak server memory: first start / restart with cache."]
    for r in rows:
        loads = ", ".join(f"{value:.1f}" for value in r.load_average)
        notes.append(
            f"{r.sites:,} sites: progress bar seen during the first start: {r.progress_seen}; "
            f"CPU seconds used: validate {r.validate_cpu_s or 0:.1f}, server to first marker "
            f"{r.first_start_cpu_s or 0:.1f} (first start) and {r.restart_cpu_s or 0:.1f} (restart); "
            "1-minute load average before validate, "
            f"first start, restart: {loads} (2 cores: above 2, other work was waiting for them too)"
        )
    return "\n".join(text + [""] + notes)
