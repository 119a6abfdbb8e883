"""One server start on a kept data file and cache folder: start to first marker, warm, filter, pan.

    .venv/bin/python benchmarks/server.py [--sites 1000000] [--folder /tmp/heritage-components]
        [--no-cache] [--warm-runs 3] [--profile OUT.prof]

benchmarks/scale.py measures everything in one long run (writing the files, `validate`, a
first start, a restart); this measures one start of the dashboard against the file and cache
folder that benchmarks/components.py keeps, so a change to the loading path can be judged in
a minute. Without `--no-cache` the cache entry must exist (run components.py once); with it
the cache folder is emptied first (a first start). Prints wall and server CPU seconds (CPU is
what other work on this shared machine does not inflate), peak RSS and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.harness import APP, APPS, CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402
from benchmarks.scale import TIMEOUT, TimedLoad, cpu_seconds, environment, peak_rss_mb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/heritage-components"))
    parser.add_argument("--no-cache", action="store_true", help="empty the cache folder first (a first start)")
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--profile", help="profile every script run (benchmarks/profile_server.py) into this file")
    args = parser.parse_args()

    data = args.folder / f"sites-{args.sites}.geojson"
    cache = args.folder / ("server-no-cache" if args.no_cache else "cache")
    if args.no_cache:
        shutil.rmtree(cache, ignore_errors=True)
    elif not data.exists() or not any(cache.glob("*-v*")):
        sys.exit(f"no cache entry in {cache}: run benchmarks/components.py --sites {args.sites} first")
    markers = APPS["dashboard"]
    launcher = [sys.executable, str(REPO / "benchmarks" / "profile_server.py"), args.profile] if args.profile else None
    store = f"sqlite:///{args.folder / 'server-store.sqlite'}"
    load = [os.getloadavg()[0]]
    with (
        sync_playwright() as pw,
        environment(HERITAGE_CACHE_DIR=str(cache), HERITAGE_DATABASE_URL=store, HERITAGE_TILES="none"),
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.monotonic()
        with streamlit_server(APP, REPO, data, args.folder / "server.log", [], launcher) as (
            url,
            proc,
        ):
            healthy, healthy_cpu = time.monotonic() - started, cpu_seconds(proc.pid)
            first = TimedLoad(browser, url, markers)
            try:
                start, progress = first.first_marker_since(started, TIMEOUT)
                start_cpu = cpu_seconds(proc.pid)
            finally:
                first.close()
            warm, load = [], [*load, os.getloadavg()[0]]
            for _ in range(args.warm_runs):
                again = TimedLoad(browser, url, markers)
                try:
                    warm.append(again.first_marker_since(time.monotonic(), TIMEOUT)[0])
                finally:
                    again.close()
            page = TimedLoad(browser, url, markers)
            try:
                page.first_marker_since(time.monotonic(), TIMEOUT)
                filter_s = page.choose_first_status(TIMEOUT)
                pan_s = page.pan(TIMEOUT)
            finally:
                page.close()
            rss = peak_rss_mb(proc.pid)
        browser.close()
    kind = "first start (no cache)" if args.no_cache else "restart with cache"
    print(f"{args.sites:,} sites, {kind}")
    print(f"  server start to answering /_stcore/health {healthy:.2f} s wall, {healthy_cpu:.2f} s server CPU")
    print(
        f"  server start to first marker {start:.2f} s wall, {start_cpu:.2f} s server CPU (progress seen: {progress})"
    )
    print(
        f"  first marker warm, median of {len(warm)}: {statistics.median(warm):.2f} s"
        f" ({', '.join(f'{w:.2f}' for w in warm)})"
    )
    print(f"  filter change {filter_s:.2f} s; pan, server time {pan_s:.2f} s")
    print(
        f"  peak server RSS {rss:,.0f} MB;"
        f" 1-minute load average before / after the start: {load[0]:.1f} / {load[1]:.1f}"
    )


if __name__ == "__main__":
    main()
