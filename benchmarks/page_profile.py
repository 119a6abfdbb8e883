"""Where a warm first marker's time goes in the browser: the dashboard against the floor (issue 15).

    .venv/bin/python benchmarks/page_profile.py [--sites 10000] [--loads 5]

Starts each app as benchmarks/run.py does (harness.streamlit_server: `streamlit run app.py` for
the dashboard, benchmarks/floor_app.py for the floor), loads it --loads times in new browser
contexts (the first load, which warms the server, is left out) and prints, per app, the median
of: the websocket opening, the map's frame appearing in the page, its first marker (all in ms
after `page.goto`), and the page's main-thread work until that marker from Chromium's CPU
profiler (busy ms, and the scripts that took most). Looked at every 10 ms from Python.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from harness import APPS, CHROMIUM, CHROMIUM_ARGS, FRAME, VIEWPORT, streamlit_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from run import reference_dir  # noqa: E402

from heritage.synthetic import synthetic_features, write_geojson  # noqa: E402

NOT_BUSY = ("(idle)", "(program)", "(garbage collector)")


def one_load(browser, url: str, markers: str) -> dict:
    """ms after goto: websocket open, frame in the page, first marker; and the CPU profile's busy time."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 500})
    cdp.send("Profiler.start")
    marks: dict[str, float] = {}
    page.on("websocket", lambda ws: marks.setdefault("websocket", time.monotonic()))
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    while "marker" not in marks and time.monotonic() - start < 60:
        if "frame" not in marks and page.query_selector(FRAME):
            marks["frame"] = time.monotonic()
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        try:
            if frame and frame.query_selector(markers):
                marks["marker"] = time.monotonic()
        except Exception:  # the frame is being replaced
            pass
        page.wait_for_timeout(10)
    profile = cdp.send("Profiler.stop")["profile"]
    context.close()
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    by_script: collections.Counter[str] = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        call = nodes[sample]
        by_script[call["url"].rsplit("/", 1)[-1] or call["functionName"] or "(native)"] += delta / 1000
    busy = sum(ms for name, ms in by_script.items() if name not in NOT_BUSY)
    result = {name: (moment - start) * 1000 for name, moment in marks.items()}
    return {**result, "busy": busy, "scripts": by_script}


def profile(app: str, script: Path, cwd: Path, data: Path, loads: int, folder: Path) -> None:
    with streamlit_server(script, cwd, data, folder / f"{app}.log", []) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = [one_load(browser, url, APPS[app]) for _ in range(loads + 1)][1:]
        browser.close()
    median = {
        key: statistics.median(run.get(key, float("nan")) for run in runs)
        for key in ("websocket", "frame", "marker", "busy")
    }
    print(
        f"{app:9}  websocket {median['websocket']:6.0f}  frame {median['frame']:6.0f}"
        f"  first marker {median['marker']:6.0f}  main thread busy {median['busy']:6.0f} ms"
    )
    total: collections.Counter[str] = collections.Counter()
    for run in runs:
        total.update(run["scripts"])
    top = [(name, ms / len(runs)) for name, ms in total.most_common() if name not in NOT_BUSY][:8]
    print("           most: " + ", ".join(f"{name} {ms:.0f}" for name, ms in top))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="heritage-page-profile-") as name:
        folder = Path(name)
        data = write_geojson(folder / "sites.geojson", synthetic_features(args.sites))
        floor = reference_dir(folder)
        print(f"{args.sites:,} sites, median of {args.loads} warm loads, ms after page.goto (CPU profiler on)")
        profile("dashboard", REPO / "app.py", REPO, data, args.loads, folder)
        profile("floor", floor / "floor_app.py", floor, data, args.loads, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
