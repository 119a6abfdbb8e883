"""How long a follower waits to see the presenter's change, in headless Chromium (issue 9).

    .venv/bin/python benchmarks/follow.py [--changes 10] [--followers N] [--copies 1|2]

Starts the dashboard itself (tests/browser/conftest.py's `serve`: a private store, a temporary
secrets file with one editor), signs the editor in, enters presenter mode and goes live, then
opens the follow link in a second browser context. Then, --changes times, the presenter moves
the map (alternating between two places and zooms, as the browser test does) and we measure
the seconds from the presenter's map having moved (stamped with Date.now() in the same call
that moves it) to the follower's map showing the new zoom and centre (stamped by a watcher in
the follower's page that looks every 10 ms), so Python's own waiting adds nothing to the figure.

Prints median, p95 and max, and the machine's load average (the machine may be shared).
Targets (issue 15): one copy p95 <= 0.5 s and max <= 1 s; two copies p95 <= 1 s.
Chromium reaches nothing outside localhost.

With --followers N, N more followers follow the same session WHILE the browser follower is
timed: each holds the page's event stream (/api/events?follow=CODE) open, as a follower's page
does, and on every change fetches the map layer of the new view from /api/layer, as its map
does (no script run: a view change reaches a follower without one). Their own page loads are
measured by benchmarks/meeting.py. Then the room sits idle for 10 s and the server's CPU time
over that span is printed (the share of one core).

With --copies 2 the dashboard runs as scripts/cluster.sh starts it (two copies behind HAProxy
on one PostgreSQL store, the product's own configuration: tests/browser/conftest.py's
`cluster`), and everyone goes through the proxy. HAProxy spreads new clients round-robin and
keeps each on its copy by a cookie; the timed follower is put on the copy the presenter is NOT
on (the longer way: the change reaches it through the store), and the crowd's streams are
counted per copy from the cookie HAProxy hands each of them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright  # noqa: E402

from heritage.auth import hash_password  # noqa: E402
from heritage.synthetic import synthetic_features, write_geojson  # noqa: E402
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.conftest import COOKIE, EDITOR, EDITOR_PASSWORD, VIEWPORT, cluster, serve  # noqa: E402
from tests.browser.mappage import MAP_IFRAME, MapPage, wait_for_script  # noqa: E402
from tests.browser.test_editing import nav_link, sign_in  # noqa: E402

# Issue 15's targets, in seconds, per number of copies: (p95, max or None).
TARGETS = {1: (0.5, 1.0), 2: (1.0, None)}
SITES = 60
STEP_TIMEOUT = 30_000  # ms: only stops a hang; the figures are seconds


class Place(NamedTuple):
    """A map view the presenter shows: latitude, longitude, zoom."""

    lat: float
    lon: float
    zoom: int


PLACES = (Place(40.4, 49.85, 10), Place(40.6, 47.0, 9))

# In the follower's page: the first moment its map shows `place`.
FOLLOWER_WATCH = """([lat, lon, zoom, iframe]) => {
    window.hmShown = null;
    const tick = () => {
        const frame = document.querySelector(iframe);
        const map = frame && frame.contentWindow && frame.contentWindow.map;
        if (map && map.getZoom() === zoom && Math.abs(map.getCenter().lat - lat) < 0.01
                && Math.abs(map.getCenter().lng - lon) < 0.01) { window.hmShown = Date.now(); return; }
        setTimeout(tick, 10);
    };
    tick();
}"""


def go_live(presenter: Page, url: str) -> str:
    """Sign in, open the map, present, go live: the follow link the page shows."""
    sign_in(presenter, url)
    nav_link(presenter, "Map").click()
    expect(presenter.locator(MAP_IFRAME)).to_be_visible(timeout=60_000)
    wait_for_script(presenter, timeout=60)
    presenter.get_by_role("button", name="Present").click()
    go_live_button = presenter.get_by_role("button", name="Go live")
    link = presenter.get_by_text("Live: followers open ")
    for _ in range(3):  # a click landing while the page redraws can be lost on a loaded machine
        expect(go_live_button).to_be_visible(timeout=STEP_TIMEOUT)
        wait_for_script(presenter, timeout=60)
        go_live_button.click()
        try:
            expect(link).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            continue
    expect(link).to_be_visible(timeout=STEP_TIMEOUT)
    return link.inner_text().split("followers open ", 1)[1].strip()


def one_change(presenter: MapPage, follower: Page, place: Place) -> float:
    """Move the presenter's map to `place`; seconds from the move there to shown at the follower.

    The presenter's moment is when its map has moved (the script posts nothing more: the map
    itself posts the view, which is published from the route), stamped in the same call.
    """
    follower.evaluate(FOLLOWER_WATCH, [place.lat, place.lon, place.zoom, MAP_IFRAME])
    applied = presenter.frame().evaluate(
        f"(() => {{ map.setView([{place.lat}, {place.lon}], {place.zoom}, {{animate: false}}); return Date.now(); }})()"
    )
    follower.wait_for_function("window.hmShown !== null", timeout=STEP_TIMEOUT, polling=50)
    shown = follower.evaluate("window.hmShown")
    return (shown - applied) / 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Crowd:
    """N followers of one live session on their own event loop (a thread): streams and layer fetches."""

    WINDOW = (1400, 620)  # the map's size in pixels, for the layer's box

    def __init__(self, url: str, code: str, followers: int):
        self.url, self.code, self.followers = url, code, followers
        self.events = 0
        self.layers = 0
        self.errors: list[str] = []
        self.connected = 0
        self.copies: Counter[str] = Counter()  # streams per copy, by HAProxy's cookie (none: one server)
        self.loop = asyncio.new_event_loop()
        self.stop = asyncio.Event()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),), daemon=True)

    def __enter__(self) -> Crowd:
        self.thread.start()
        deadline = time.monotonic() + 120
        while self.connected < self.followers and time.monotonic() < deadline:
            time.sleep(0.1)
        print(f"{self.connected} of {self.followers} followers connected", flush=True)
        return self

    def __exit__(self, *exc) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(timeout=30)

    async def _run(self) -> None:
        tasks = [asyncio.create_task(self._follow()) for _ in range(self.followers)]
        await self.stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _open(self, path: str, copy: str = "") -> tuple[asyncio.StreamReader, asyncio.StreamWriter, int, str]:
        """A plain HTTP/1.1 GET (the standard library has no asyncio client): the status code and the
        copy HAProxy chose (its cookie; sent back with `copy`, as a browser does, to stay there)."""
        address = urlsplit(self.url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        cookie = f"Cookie: {COOKIE}={copy}\r\n" if copy else ""
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\n{cookie}Connection: close\r\n\r\n".encode())
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "set-cookie" and value.strip().startswith(COOKIE + "="):
                copy = value.strip()[len(COOKIE) + 1 :].split(";")[0]
        return reader, writer, status, copy

    async def _follow(self) -> None:
        writer = None
        try:
            reader, writer, status, copy = await self._open("/api/events?" + urlencode({"follow": self.code}))
            if status != 200:
                raise RuntimeError(f"events answered {status}")
            self.connected += 1
            self.copies[copy or "the server"] += 1
            name = None
            while line := await reader.readline():
                text = line.decode().strip()
                if len(text) < 8 and all(c in "0123456789abcdef" for c in text):
                    continue  # a chunk size (the stream is chunked)
                if text.startswith("event: "):
                    name = text[7:]
                elif text.startswith("data: ") and name == "live":
                    self.events += 1
                    await self._layer(json.loads(text[6:]), copy)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # counted, not fatal: the figure says how many failed
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            if writer is not None:
                writer.close()

    async def _layer(self, live: dict, copy: str) -> None:
        """What a follower's map fetches after moving to the presenter's view."""
        params = dict(parse_qsl(live.get("query") or ""))
        view = params.pop("view", None)
        params.pop("scene", None)
        if not view:
            return
        lat, lon, zoom = (float(x) for x in view.split(","))
        per_px = 360 / (256 * 2**zoom)
        half_lon, half_lat = per_px * self.WINDOW[0] / 2, per_px * self.WINDOW[1] / 2 * math.cos(math.radians(lat))
        box = f"{lat - half_lat:.5f},{lon - half_lon:.5f},{lat + half_lat:.5f},{lon + half_lon:.5f}"
        query = urlencode({**params, "bbox": box, "zoom": int(zoom)})
        reader, writer, status, _ = await self._open("/api/layer?" + query, copy)
        await reader.read()
        writer.close()
        if status == 200:
            self.layers += 1
        else:
            self.errors.append(f"layer {status}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cost(pids: dict[str, int], seconds: float = 10.0) -> dict[str, float]:
    """The share of one core each server process used while the room sat idle."""
    before, start = {name: cpu_seconds(pid) for name, pid in pids.items()}, time.monotonic()
    time.sleep(seconds)
    span = time.monotonic() - start
    return {name: (cpu_seconds(pid) - before[name]) / span for name, pid in pids.items()}


class Servers(NamedTuple):
    """Where the room connects (one server, or the proxy) and the dashboard processes behind it."""

    url: str
    pids: dict[str, int]  # "server", or "copy a" and "copy b"


@contextmanager
def servers(home: Path, data: Path, secrets: str, copies: int) -> Iterator[Servers]:
    """One server as `make run` starts it, or two copies behind HAProxy as scripts/cluster.sh does."""
    if copies == 1:
        with serve(home / "app", data, secrets) as app:
            yield Servers(app.url, {"server": app.process.pid})
    else:
        with cluster(home / "cluster", data, secrets) as running:
            yield Servers(running.url, {f"copy {name}": running.pid(name) for name in ("a", "b")})


def served_by(context: BrowserContext, url: str) -> str:
    """The copy HAProxy keeps this browser on ("" with one server: no cookie)."""
    return next((c["value"] for c in context.cookies(url) if c["name"] == COOKIE), "")


def follower_context(browser: Browser, url: str, presenter: BrowserContext) -> BrowserContext:
    """The timed follower's browser: behind a proxy, on the other copy than the presenter's."""
    context = browser.new_context(viewport=VIEWPORT)
    presenter_copy = served_by(presenter, url)
    if presenter_copy:
        other = next(c for c in ("a", "b") if c != presenter_copy)
        context.add_cookies([{"name": COOKIE, "value": other, "url": url}])
    return context


def measure(changes: int, followers: int = 0, copies: int = 1) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="heritage-follow-") as folder:
        home = Path(folder)
        data = write_geojson(home / "sites.geojson", synthetic_features(SITES))
        secrets = f'[editors]\n{EDITOR} = "{hash_password(EDITOR_PASSWORD)}"\n'
        with servers(home, data, secrets, copies) as app, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                presenter = browser.new_context(viewport=VIEWPORT).new_page()
                presenter.set_default_timeout(STEP_TIMEOUT)
                follow_url = go_live(presenter, app.url)
                follower_page = follower_context(browser, app.url, presenter.context).new_page()
                follower_page.set_default_timeout(STEP_TIMEOUT)
                MapPage(follower_page, follow_url).open(timeout=60)
                expect(follower_page.get_by_role("button", name="Stop following")).to_be_visible()
                if copies > 1:
                    print(
                        f"presenter on copy {served_by(presenter.context, app.url)}, timed follower on copy "
                        f"{served_by(follower_page.context, app.url)}",
                        flush=True,
                    )
                presenter_map = MapPage(presenter, app.url)
                wait_for_script(presenter)
                code = follow_url.rsplit("follow=", 1)[1]
                crowd = Crowd(app.url, code, followers) if followers else None
                seconds = []
                if crowd:
                    crowd.__enter__()
                    if copies > 1:
                        print(
                            "the crowd's streams per copy: "
                            + ", ".join(f"{name} {count}" for name, count in sorted(crowd.copies.items())),
                            flush=True,
                        )
                try:
                    for number in range(changes):
                        seconds.append(one_change(presenter_map, follower_page, PLACES[number % len(PLACES)]))
                        print(f"change {number + 1}: {seconds[-1]:.3f} s", flush=True)
                    shares = idle_cost(app.pids)
                    print(
                        f"idle room ({followers} + 1 followers, presenter's page open), 10 s: server CPU "
                        + ", ".join(f"{name} {100 * share:.1f} %" for name, share in shares.items())
                        + " of one core",
                        flush=True,
                    )
                finally:
                    if crowd:
                        crowd.__exit__(None, None, None)
                        print(
                            f"followers: {crowd.events} live events received, {crowd.layers} layers fetched, "
                            f"{len(crowd.errors)} errors {crowd.errors[:3]}",
                            flush=True,
                        )
                return seconds
            finally:
                browser.close()


def verdict(seconds: list[float], copies: int) -> str:
    """Issue 15's target for this many copies, and whether the run met it."""
    p95_target, max_target = TARGETS[copies]
    met = percentile(seconds, 0.95) <= p95_target and (max_target is None or max(seconds) <= max_target)
    also = f" and max <= {max_target:g} s" if max_target is not None else ""
    where = "one copy" if copies == 1 else f"{copies} copies behind HAProxy"
    return f"target ({where}) p95 <= {p95_target:g} s{also}: {'met' if met else 'not met'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--followers", type=int, default=0, help="N more followers follow while one is timed")
    parser.add_argument("--copies", type=int, choices=sorted(TARGETS), default=1,
                        help="1: one server; 2: two copies behind HAProxy (scripts/cluster.sh)")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"load average before: {', '.join(f'{value:.2f}' for value in os.getloadavg())}", flush=True)
    seconds = measure(args.changes, args.followers, args.copies)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"presenter change -> follower shows it, {len(seconds)} changes: "
        f"median {statistics.median(seconds):.3f} s, p95 {percentile(seconds, 0.95):.3f} s, "
        f"max {max(seconds):.3f} s ({verdict(seconds, args.copies)}); load average {load}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
