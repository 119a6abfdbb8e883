"""What a hostile upload costs the Import page: a 20 MB file of tiny invalid features.

Issue 21 (F10): such a file cost about 170 s of CPU and several GB, redone on every rerun of the
page. This script writes the file, then opens the Import page under AppTest as an editor would
(dashboard.py, signed in), uploads it and reruns the page twice more (a click elsewhere on the
page reruns it), printing the CPU seconds of each run and the process's peak memory.

    .venv/bin/python benchmarks/import_hostile.py [--megabytes 20] [--reruns 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The smallest invalid feature: `0`, two bytes with its comma, one problem each.
TINY = b"0"


def hostile_file(megabytes: float) -> tuple[bytes, int]:
    count = int(megabytes * 2**20) // (len(TINY) + 1)
    return b'{"type":"FeatureCollection","features":[' + (TINY + b",") * (count - 1) + TINY + b"]}", count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=19.9)
    parser.add_argument("--reruns", type=int, default=2)
    args = parser.parse_args()

    from streamlit.testing.v1 import AppTest

    from heritage.auth import hash_password
    from heritage.synthetic import synthetic_features, write_geojson

    home = Path(tempfile.mkdtemp(prefix="import-hostile-"))
    os.environ["HERITAGE_DATA"] = str(write_geojson(home / "sites.geojson", synthetic_features(300)))
    os.environ["HERITAGE_DATABASE_URL"] = f"sqlite:///{home / 'store.sqlite'}"
    os.environ["HERITAGE_CACHE_DIR"] = str(home / "cache")
    os.environ["HERITAGE_TILES"] = "none"
    raw, features = hostile_file(args.megabytes)
    print(f"file: {len(raw) / 2**20:.1f} MB, {features:,} features; peak before: {peak_mb():,.0f} MB")

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1800)
    app.secrets["editors"] = {"aysel": hash_password("a long benchmark password")}
    app.run()
    app.switch_page("pages/editors.py").run()
    app.text_input(key="signin_name").input("aysel")
    app.text_input(key="signin_password").input("a long benchmark password")
    app.button(key="FormSubmitter:sign_in-Sign in").click().run()
    app.switch_page("pages/import.py").run()
    runs = [("upload", lambda: app.file_uploader[0].upload("hostile.geojson", raw, "application/geo+json").run())]
    runs += [(f"rerun {n}", app.run) for n in range(1, args.reruns + 1)]
    for name, run in runs:
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert not app.exception, app.exception
        report = next((m.value for m in app.markdown if "records read" in m.value), "no report")
        print(f"{name}: {cpu:6.1f} s CPU, {wall:6.1f} s wall, peak RSS {peak_mb():,.0f} MB; {report}")


if __name__ == "__main__":
    main()
