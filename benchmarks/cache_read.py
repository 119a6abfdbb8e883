"""The cache-read part of a restart: `BaseCache.load` of N synthetic sites from a warm cache entry.

    .venv/bin/python benchmarks/cache_read.py [--sites 100000] [--repeat 7] [--cache DIR]

Writes the synthetic file and the entry once (the first load validates), then loads it again
`--repeat` times, each through a new BaseCache as a restarted process would, and prints the
median, fastest and slowest seconds. It isolates what the cache's checks cost (the checksum
of the entry's files, the structure, the values' ranges) from the rest of a server start, which
benchmarks/scale.py measures end to end with a browser.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from heritage.cache import BaseCache  # noqa: E402
from heritage.synthetic import synthetic_features, write_geojson  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", help="cache folder (default: a new temporary one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cache-read-"))
    data = write_geojson(work / f"synthetic-{args.sites}.geojson", synthetic_features(args.sites))
    folder = Path(args.cache) if args.cache else work / "cache"
    BaseCache(folder).load(data)
    times = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        loaded = BaseCache(folder).load(data)
        times.append(time.perf_counter() - began)
        if loaded.validated:
            raise SystemExit("the entry was rebuilt: the cache is not being read")
    median, load = statistics.median(times), os.getloadavg()[0]
    print(f"{args.sites:,} sites, cache read x{args.repeat}: median {median:.3f} s, "
          f"fastest {min(times):.3f} s, slowest {max(times):.3f} s (load average {load:.1f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
