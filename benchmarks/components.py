"""What a start costs inside the server, step by step, in one process: CPU and wall seconds.

    .venv/bin/python benchmarks/components.py [--sites 1000000] [--folder /tmp/heritage-components]
        [--profile OUT.prof]

On this shared 2-core machine the wall clock of a whole server start (benchmarks/scale.py)
mostly measures other people's work; CPU seconds of each step of the loading path do not.
The synthetic file and its cache entry are kept in `--folder` between runs (written the first
time). Steps, in the order a start runs them: hashing the file, reading the cache entry (or,
with `--no-cache`, validating the file), building the Dataset (filter index, status codes),
the shipped condition record as an overlay, the map's extent, and the arrays of every marker.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from heritage.cache import BaseCache  # noqa: E402
from heritage.conditions import shipped_frame  # noqa: E402
from heritage.dataset import Dataset, DataVersion  # noqa: E402
from heritage.filters import SiteFilter  # noqa: E402
from heritage.synthetic import write_synthetic  # noqa: E402


def timed(name: str, step: Callable[[], object], rows: list[tuple[str, float, float]]) -> object:
    cpu, wall = time.process_time(), time.perf_counter()
    result = step()
    rows.append((name, time.process_time() - cpu, time.perf_counter() - wall))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/heritage-components"))
    parser.add_argument("--no-cache", action="store_true", help="validate the file (a first start)")
    parser.add_argument("--profile", help="write a cProfile of the steps after the hash to this file")
    args = parser.parse_args()

    args.folder.mkdir(parents=True, exist_ok=True)
    data = args.folder / f"sites-{args.sites}.geojson"
    if not data.exists():
        print(f"writing {data} …", flush=True)
        write_synthetic(data, args.sites)
    cache = BaseCache(args.folder / ("no-cache" if args.no_cache else "cache"))
    if args.no_cache:
        shutil.rmtree(cache.directory, ignore_errors=True)  # entries and remembered hashes: a first start
    elif not any(cache.directory.glob("*")):
        print("writing the cache entry …", flush=True)
        Dataset.base(data, cache=cache)

    profile = cProfile.Profile() if args.profile else None
    rows: list[tuple[str, float, float]] = []
    if profile:
        profile.enable()
    loaded = timed(
        "validate" if args.no_cache else "hash (remembered) and read the entry", lambda: cache.load(data), rows
    )
    base = timed(
        "build the Dataset (index, codes)",
        lambda: Dataset(loaded.result.sites, loaded.result.problems, loaded.result.records_read,  # type: ignore[attr-defined]
                        DataVersion(loaded.source_hash, 0, 0)),
        rows,
    )  # fmt: skip
    shipped = timed("shipped condition record", shipped_frame, rows)
    current = timed("overlay of the record", lambda: base.with_observations(shipped), rows)  # type: ignore[attr-defined]
    timed("extent", lambda: current.bounds, rows)  # type: ignore[attr-defined]
    mask = timed("filter: everything", lambda: current.mask(SiteFilter()), rows)  # type: ignore[attr-defined]
    timed("marker arrays, every site", lambda: current.shown_columns(np.asarray(mask)), rows)  # type: ignore[attr-defined]
    timed("marker flags", lambda: current.marker_flags, rows)  # type: ignore[attr-defined]
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)

    total_cpu, total_wall = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"\n{args.sites:,} sites, {'first start (no cache)' if args.no_cache else 'restart with cache'}")
    print(f"{'step':<36} {'CPU s':>7} {'wall s':>7}")
    for name, cpu, wall in rows + [("total", total_cpu, total_wall)]:
        print(f"{name:<36} {cpu:7.2f} {wall:7.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB; 1-minute load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
