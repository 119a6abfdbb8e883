"""Benchmark the dashboard against a tutorial-style reference app, in headless Chromium.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000] [--reference-timeout 240]
    .venv/bin/python benchmarks/run.py --sizes "" --scale 100000,1000000   (issue 12's rows; dashboard only)

For each size: generate that many synthetic sites (heritage.synthetic) into a temporary
folder, start the dashboard (app.py as `make run` serves it, HERITAGE_DATA=<file>) and the reference
(benchmarks/reference_app.py) with `streamlit run` on free ports, and measure in Chromium:

- first marker cold: seconds from page.goto to the first marker drawn in the map iframe,
  on the first page load after the server started (the server's caches are cold);
- first marker warm: the median of --warm-runs loads (3 by default), each in a new browser context, against the
  same server;
- websocket bytes (warm): bytes of all websocket frames the page received during the warm
  load, until the page has settled (markers drawn, script not running, and no websocket
  frame either way for SETTLE_QUIET s since; this includes the reruns the map's bounds
  report starts), and that divided by the number of sites;
- filter change: seconds from choosing one status in the sidebar multiselect
  "Conservation status" to the updated map (script no longer running and the set of
  markers in the iframe different from before).

A reference step that takes longer than --reference-timeout is recorded as "> N s".
Prints one table, the reference/dashboard ratio, and the targets met or not; writes the
same as JSON to benchmarks/out/. Never writes into data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
OUT = BENCH / "out"
sys.path.insert(0, str(REPO))

from benchmarks.harness import (  # noqa: E402
    APP,
    APPS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DASHBOARD_TIMEOUT,
    Load,
    StepTimeout,
    streamlit_server,
)
from heritage.synthetic import synthetic_features, write_geojson  # noqa: E402

TARGETS_TEXT = {
    "warm10k": "10,000 sites: dashboard first marker warm <= 2 s",
    "ratio10k": "10,000 sites: dashboard >= 6x faster than the reference (warm)",
    "warm100k": "100,000 sites: dashboard first marker warm <= 3 s",
    "bytes100k": "100,000 sites: dashboard websocket < 25 bytes/site",
    "filter100k": "100,000 sites: dashboard filter change <= 1 s",
}


@dataclass
class Step:
    """One measured figure: a value, or the limit it went past, or why it is missing."""

    value: float | None = None
    over: float | None = None  # took longer than this many seconds
    note: str | None = None

    def text(self, digits: int = 2) -> str:
        if self.value is not None:
            return f"{self.value:,.{digits}f}" if digits else f"{self.value:,.0f}"
        if self.over is not None:
            return f"> {self.over:g} s"
        return "n/a"


@dataclass
class Row:
    sites: int
    app: str
    cold: Step = field(default_factory=Step)
    warm: Step = field(default_factory=Step)
    ws_bytes: Step = field(default_factory=Step)
    bytes_per_site: Step = field(default_factory=Step)
    filter_change: Step = field(default_factory=Step)
    ws_frames: int | None = None
    markers_warm: int | None = None
    warm_samples: list[float] | None = None  # every warm load; `warm` is their median
    filters_samples: list[float] | None = None  # the dashboard's warm loads: seconds until the sidebar's filters
    filter_status: str | None = None  # the status chosen for the filter change
    filter_ws_bytes: int | None = None  # websocket bytes received until the map had changed
    server_log_tail: str | None = None


def reference_dir(tmp: Path) -> Path:
    """The reference's own main-script folder: a copy of it next to a `static` symlink.

    Streamlit serves <main script dir>/static/ at /app/static/; the symlink lends it the
    repository's static/ (vendored Leaflet) without copying, and lives only in tmp. The
    repository's `.streamlit/config.toml` is copied beside it, so both apps run under the same
    server settings (static serving on, file watcher off) and only the app differs.
    """
    folder = tmp / "reference"
    folder.mkdir()
    shutil.copy2(BENCH / "reference_app.py", folder / "reference_app.py")
    shutil.copy2(BENCH / "floor_app.py", folder / "floor_app.py")
    (folder / ".streamlit").mkdir()
    shutil.copy2(REPO / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "static").symlink_to(REPO / "static", target_is_directory=True)
    return folder


def timed(step: Step, action, timeout: float) -> bool:
    try:
        step.value = action(timeout)
        return True
    except StepTimeout:
        step.over = timeout
        return False


def extra_warm_loads(
    browser, url: str, markers: str, count: int, timeout: float, filters: list[float] | None = None
) -> list[float]:
    """More warm loads, each in a new context, for a median that one noisy sample cannot give.

    With `filters`, each load also waits for the sidebar's filter boxes and adds their time there.
    """
    seconds = []
    for _ in range(count):
        load = Load(browser, url, markers)
        try:
            seconds.append(load.first_marker(timeout))
            if filters is not None:
                filters.append(load.filters_shown(timeout))
        except StepTimeout:
            break
        finally:
            load.close()
    return seconds


def measure(browser, url: str, app: str, sites: int, timeout: float, warm_runs: int = 1) -> Row:
    row = Row(sites=sites, app=app)
    markers = APPS[app]
    if app == "floor":  # one marker, no filter: its first marker is all there is to time
        samples = extra_warm_loads(browser, url, markers, 1 + max(warm_runs, 1), timeout)
        row.cold.value = samples[0] if samples else None
        row.warm_samples = samples[1:]
        row.warm.value = statistics.median(samples[1:]) if len(samples) > 1 else None
        return row

    cold = Load(browser, url, markers)
    try:
        timed(row.cold, cold.first_marker, timeout)
    finally:
        cold.close()

    warm = Load(browser, url, markers)
    try:
        if not timed(row.warm, warm.first_marker, timeout):
            row.ws_bytes.note = row.bytes_per_site.note = row.filter_change.note = "the warm load timed out"
            return row
        try:
            state = warm.settle(timeout)
        except StepTimeout:
            row.ws_bytes.note = row.bytes_per_site.note = row.filter_change.note = "the warm load never settled"
            return row
        row.markers_warm = state["count"]
        if app == "dashboard":
            row.filters_samples = [warm.filters_shown(timeout)]
        if warm_runs > 1 and row.warm.value < 30:  # the slow reference is not worth repeating
            more = extra_warm_loads(browser, url, markers, warm_runs - 1, timeout, row.filters_samples)
            samples = [row.warm.value, *more]
            row.warm_samples = samples
            row.warm.value = statistics.median(samples)
        row.ws_frames = warm.frames
        row.ws_bytes.value = float(warm.bytes)
        row.bytes_per_site.value = warm.bytes / sites
        timed(row.filter_change, warm.choose_first_status, timeout)
        row.filter_status = getattr(warm, "chosen", None)
        row.filter_ws_bytes = getattr(warm, "filter_bytes", None)
    finally:
        warm.close()
    return row


# --- report -----------------------------------------------------------------------------

COLUMNS = (
    ("sites", "sites"),
    ("app", "app"),
    ("first marker cold (s)", "cold"),
    ("first marker warm (s)", "warm"),
    ("websocket bytes (warm)", "ws_bytes"),
    ("bytes/site", "bytes_per_site"),
    ("filter change (s)", "filter_change"),
)


def cell(row: Row, attr: str) -> str:
    if attr == "sites":
        return f"{row.sites:,}"
    if attr == "app":
        return row.app
    digits = 0 if attr == "ws_bytes" else 1 if attr == "bytes_per_site" else 2
    return getattr(row, attr).text(digits)


def table(rows: list[Row]) -> str:
    cells = [[cell(r, attr) for _, attr in COLUMNS] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (h, _) in enumerate(COLUMNS)]
    lines = ["  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, ((h, _), w) in enumerate(zip(COLUMNS, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for c in cells:
        lines.append("  ".join(v.ljust(w) if i < 2 else v.rjust(w) for i, (v, w) in enumerate(zip(c, widths))))
    return "\n".join(lines)


def ratio(reference: Step, dashboard: Step) -> tuple[float | None, bool, str]:
    """Reference warm / dashboard warm: (value, is a lower bound, text)."""
    if dashboard.value is None or dashboard.value <= 0:
        return None, False, "n/a (dashboard not measured)"
    if reference.value is not None:
        value = reference.value / dashboard.value
        return value, False, f"{value:.1f}x"
    if reference.over is not None:
        value = reference.over / dashboard.value
        return value, True, f"> {value:.1f}x"
    return None, False, "n/a (reference not measured)"


def targets(rows: list[Row]) -> list[dict]:
    by = {(r.sites, r.app): r for r in rows}
    results = []

    def add(key: str, ok: bool | None, seen: str) -> None:
        results.append({"target": TARGETS_TEXT[key], "seen": seen, "met": ok})

    d10, r10 = by.get((10_000, "dashboard")), by.get((10_000, "reference"))
    d100 = by.get((100_000, "dashboard"))
    if d10:
        add("warm10k", d10.warm.value is not None and d10.warm.value <= 2, d10.warm.text() + " s")
        value, _, text = ratio(r10.warm, d10.warm) if r10 else (None, False, "n/a (reference not run)")
        add("ratio10k", value is not None and value >= 6 if value is not None else None, text)
    else:
        add("warm10k", None, "size not run")
        add("ratio10k", None, "size not run")
    if d100:
        add("warm100k", d100.warm.value is not None and d100.warm.value <= 3, d100.warm.text() + " s")
        bps = d100.bytes_per_site.value
        add("bytes100k", bps is not None and bps < 25, d100.bytes_per_site.text(1))
        add(
            "filter100k",
            d100.filter_change.value is not None and d100.filter_change.value <= 1,
            d100.filter_change.text() + " s",
        )
    else:
        for key in ("warm100k", "bytes100k", "filter100k"):
            add(key, None, "size not run")
    return results


def report(rows: list[Row], sizes: list[int]) -> tuple[str, list[dict], list[dict]]:
    lines = [table(rows)]
    for r in rows:
        missing = {}
        for header, attr in COLUMNS[2:]:
            note = getattr(r, attr).note
            if note:
                missing.setdefault(note, []).append(header)
        for note, headers in missing.items():
            lines.append(f"  n/a for {r.app} at {r.sites:,} sites ({', '.join(headers)}): {note}")
    lines += ["", "Reference / dashboard, first marker warm:"]
    ratios = []
    by = {(r.sites, r.app): r for r in rows}
    for n in sizes:
        d, r = by.get((n, "dashboard")), by.get((n, "reference"))
        if d and r:
            value, lower, text = ratio(r.warm, d.warm)
            ratios.append({"sites": n, "ratio": value, "lower_bound": lower, "text": text})
            lines.append(f"  {n:>9,} sites: {text}")
    if not ratios:
        lines.append("  not measured (both apps are needed)")
    lines += ["", "Dashboard / floor (one streamlit-folium marker, same run), first marker warm (target <= 1.2x):"]
    floors = [(n, by.get((n, "dashboard")), by.get((n, "floor"))) for n in sizes]
    for n, d, f in floors:
        if d and f and d.warm.value and f.warm.value:
            value = d.warm.value / f.warm.value
            verdict = "met" if value <= 1.2 else "NOT met"
            lines.append(f"  {n:>9,} sites: {value:.2f}x ({d.warm.value:.2f} s / {f.warm.value:.2f} s) {verdict}")
    if not any(d and f for _, d, f in floors):
        lines.append("  not measured (--apps dashboard,floor)")
    lines += ["", "Dashboard, warm: the map first, then the filters (the page's last part; medians):"]
    for n in sizes:
        d = by.get((n, "dashboard"))
        if d and d.warm.value and d.filters_samples:
            shown = statistics.median(d.filters_samples)
            lines.append(f"  {n:>9,} sites: first marker {d.warm.value:.2f} s, filters in the sidebar {shown:.2f} s")
    lines += ["", "Targets:"]
    results = targets(rows)
    for t in results:
        verdict = "met" if t["met"] else "NOT met" if t["met"] is False else "not measured"
        lines.append(f"  {verdict:<12} {t['target']} (seen: {t['seen']})")
    return "\n".join(lines), ratios, results


def machine() -> dict:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=30).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    import streamlit

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "chromium": run(CHROMIUM, "--version"),
        "commit": run("git", "rev-parse", "--short", "HEAD"),
        "uncommitted_changes_outside_benchmarks": bool(run("git", "status", "--porcelain", "--", ".", ":!benchmarks")),
    }


# --- main -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated site counts")
    parser.add_argument(
        "--reference-timeout", type=float, default=240.0, help="seconds before a reference step counts as '> N s'"
    )
    parser.add_argument("--apps", default="dashboard,reference,floor", help="which apps to measure")
    parser.add_argument("--warm-runs", type=int, default=3, help="warm loads per app and size; the median is shown")
    parser.add_argument(
        "--scale", default="", help="site counts for the scale rows (benchmarks/scale.py), e.g. 100000,1000000"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    scale_sizes = [int(s.replace("_", "")) for s in args.scale.split(",") if s.strip()]
    apps = [a.strip() for a in args.apps.split(",") if a.strip()]

    from playwright.sync_api import sync_playwright

    from benchmarks.scale import measure_scale, scale_table

    info = machine()
    rows: list[Row] = []
    scale_rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="heritage-bench-") as tmpdir, sync_playwright() as pw:
        tmp = Path(tmpdir)
        ref_dir = reference_dir(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        info["chromium"] = info["chromium"] or browser.version
        try:
            for n in sizes:
                data = write_geojson(tmp / f"sites-{n}.geojson", synthetic_features(n))
                for app in apps:
                    log = tmp / f"{app}-{n}.log"
                    if app == "dashboard":
                        server = streamlit_server(APP, REPO, data, log, [])
                        timeout = DASHBOARD_TIMEOUT
                    else:
                        server = streamlit_server(ref_dir / f"{app}_app.py", ref_dir, data, log, [])
                        timeout = args.reference_timeout
                    print(f"[{time.monotonic() - started:6.0f} s] {app}, {n:,} sites ...", file=sys.stderr, flush=True)
                    with server as (url, _):
                        row = measure(browser, url, app, n, timeout, args.warm_runs)
                    text = log.read_text(errors="replace")
                    if "Traceback" in text or "Error" in text:
                        row.server_log_tail = text[-3000:]
                        print(f"  server log of {app} at {n:,} shows an error:\n{text[-1500:]}", file=sys.stderr)
                    rows.append(row)
                    print(
                        f"  cold {row.cold.text()}  warm {row.warm.text()}  bytes {row.ws_bytes.text(0)}"
                        f"  filter {row.filter_change.text()}",
                        file=sys.stderr,
                        flush=True,
                    )
            for n in scale_sizes:
                print(f"[{time.monotonic() - started:6.0f} s] scale, {n:,} sites ...", file=sys.stderr, flush=True)
                scale_rows.append(
                    measure_scale(browser, n, tmp, args.warm_runs, lambda m: print(m, file=sys.stderr, flush=True))
                )
        finally:
            browser.close()

    text, ratios, results = report(rows, sizes) if rows else ("", [], [])
    if scale_rows:
        text += ("\n\n" if text else "") + "Scale (issue 12), dashboard only:\n\n" + scale_table(scale_rows)
    info["total_seconds"] = round(time.monotonic() - started)
    print(
        f"Heritage Map benchmark, {info['date']}, {info['cores']} cores ({info['cpu']}), commit {info['commit']}"
        + (" + uncommitted changes" if info["uncommitted_changes_outside_benchmarks"] else "")
    )
    print()
    print(text)

    OUT.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    document = {
        "machine": info,
        "reference_timeout_s": args.reference_timeout,
        "columns": [h for h, _ in COLUMNS],
        "table": [[cell(r, attr) for _, attr in COLUMNS] for r in rows],
        "rows": [asdict(r) for r in rows],
        "ratios_reference_over_dashboard_warm": ratios,
        "targets": results,
        "text": text,
        "scale": [asdict(r) for r in scale_rows],
    }
    for path in (OUT / f"benchmark-{stamp}.json", OUT / "latest.json"):
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON: {(OUT / f'benchmark-{stamp}.json').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
