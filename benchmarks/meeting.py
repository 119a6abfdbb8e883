"""A full room: N viewers open the same live link at once, measured at the Streamlit protocol level.

    .venv/bin/python benchmarks/meeting.py [--viewers 1,10,30,100] [--link "present=1"] [--sites N]
    .venv/bin/python benchmarks/meeting.py --cluster        # through scripts/cluster.sh's proxy
    .venv/bin/python benchmarks/meeting.py --url http://127.0.0.1:8501/   # a server already running

Starts the dashboard as `make run` does (`streamlit run app.py`, shipped data unless --sites), then for each
N opens N websocket sessions at once, as browsers would but without a browser: each sends a
`rerun_script` BackMsg for the link and reads ForwardMsgs until `script_finished`. As the map does
once Leaflet has drawn, it fetches its view's layer from /api/layer (no script run) as soon as
the map's element arrives, and says it has drawn (POST /api/drawn with the page's token: the
page's run draws its filters after that, heritage/ui/firstpaint.py).
Per viewer: seconds until the first run finished, seconds until the run and the layer were both in ("ready"), and
the bytes received. Prints median, p95 and max of each, errors, and the machine's load average
(the machine may be shared; compare runs on a quiet machine). With --poll S, every viewer then
keeps its page open S seconds, rerunning the page's timer fragment as the browser would (the
interval the server asks for), and the time each of those reruns takes is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from harness import APP, streamlit_server  # noqa: E402  (one way to start and stop a server for both benchmarks)

from heritage.synthetic import synthetic_features, write_geojson  # noqa: E402

TIMEOUT = 300.0  # seconds a viewer waits for one run before it counts as an error
FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# The page's token in the map's element: the line by which the map says it has drawn (heritage/ui/mapcomponent.py).
DRAWN_TOKEN = re.compile(r'announceDrawn\(map_div, \\?"([A-Za-z0-9_-]+)\\?"\)')  # quoted in JSON
# The view the map shows once Leaflet has drawn Azerbaijan (its layer is fetched for it).
MAP_REPORT = {
    "bounds": {"_southWest": {"lat": 38.2, "lng": 44.6}, "_northEast": {"lat": 41.95, "lng": 50.9}},
    "zoom": 7,
    "center": {"lat": 40.1, "lng": 47.75},
    "last_object_clicked": None,
    "last_object_clicked_tooltip": None,
    "last_object_clicked_count": 0,
}


@dataclass
class Viewer:
    first_run: float | None = None  # seconds from asking until the first run finished
    ready: float | None = None  # ... until the rerun the map's report causes finished
    received: int = 0  # bytes of ForwardMsgs
    messages: int = 0
    error: str | None = None
    polls: list[float] = field(default_factory=list)  # seconds per timer rerun (--poll)


@dataclass
class Round:
    viewers: int
    results: list[Viewer] = field(default_factory=list)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)


def _client_state(
    link: str, url: str, widgets: list[WidgetState] | None = None, fragment: str = "", cached: set[str] | None = None
) -> bytes:
    message = BackMsg()
    state = message.rerun_script
    state.query_string = link
    state.page_script_hash = ""
    state.context_info.url = f"{url}?{link}" if link else url
    state.context_info.timezone = "Asia/Baku"
    if widgets:
        state.widget_states.widgets.extend(widgets)
    if fragment:
        state.fragment_id = fragment
    if cached:  # as the browser does: messages it holds are then sent as references
        state.cached_message_hashes.extend(sorted(cached))
    return message.SerializeToString()


async def _read_run(socket, viewer: Viewer, seen: dict, on_map=None) -> None:
    """Read ForwardMsgs until a run finishes; note the map component's widget id and fragment.

    `on_map(json_args)` is called when the map's element arrives (the browser then draws it)."""
    while True:
        frame = await socket.recv()
        viewer.received += len(frame)
        viewer.messages += 1
        message = ForwardMsg()
        message.ParseFromString(frame)
        kind = message.WhichOneof("type")
        if message.metadata.cacheable:
            seen.setdefault("cached", set()).add(message.hash)
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            component = element.component_instance
            if element.WhichOneof("type") == "component_instance" and "folium" in component.component_name:
                seen["map"] = component.id
                seen["fragment"] = message.delta.fragment_id
                if on_map is not None:
                    on_map(component.json_args)
        elif kind == "auto_rerun":  # the page's timer fragment (heritage/ui/live.py)
            seen["timer"] = (message.auto_rerun.interval, message.auto_rerun.fragment_id)
        elif kind == "script_finished":
            if message.script_finished in FINISHED:
                return
            if message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("the script did not compile")
        elif kind == "session_event" and message.session_event.WhichOneof("type") == "script_compilation_exception":
            raise RuntimeError("script exception")
        elif kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError("exception shown: " + message.delta.new_element.exception.message[:200])


async def _poll(socket, base: str, link: str, viewer: Viewer, seen: dict, seconds: float) -> None:
    """Do what the browser's timer does for `seconds`: rerun the timer fragment every interval."""
    if "timer" not in seen:
        return
    interval, fragment = seen["timer"]
    report = WidgetState(id=seen["map"], json_value=json.dumps(MAP_REPORT)) if "map" in seen else None
    until = time.perf_counter() + seconds
    await asyncio.sleep(interval * random.random())  # browsers' timers are not in step
    while time.perf_counter() < until:
        began = time.perf_counter()
        await socket.send(_client_state(link, base, [report] if report else None, fragment, seen.get("cached")))
        await asyncio.wait_for(_read_run(socket, viewer, seen), TIMEOUT)
        viewer.polls.append(time.perf_counter() - began)
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - began)))


async def _fetch_layer(base: str, link: str, headers: dict) -> int:
    """GET /api/layer for the map's start view, as sites.js does after drawing; bytes received."""
    params = [(k, v) for k, v in parse_qsl(link) if k not in ("view", "scene", "follow")]
    bounds = MAP_REPORT["bounds"]
    box = ",".join(
        str(x)
        for x in (
            bounds["_southWest"]["lat"], bounds["_southWest"]["lng"], bounds["_northEast"]["lat"],
            bounds["_northEast"]["lng"],
        )
    )  # fmt: skip
    path = "/api/layer?" + urlencode([*params, ("bbox", box), ("zoom", MAP_REPORT["zoom"])])
    return len(await _exchange(base, f"GET {path}", headers, b"", b"200", "the layer route"))


async def _post_drawn(base: str, token: str, headers: dict) -> None:
    """POST /api/drawn with the page's token, as sites.js does once the map has drawn."""
    await _exchange(base, "POST /api/drawn", headers, urlencode({"token": token}).encode(), b"204", "the drawn route")


async def _exchange(base: str, request_line: str, headers: dict, body: bytes, status: bytes, what: str) -> bytes:
    """One HTTP/1.1 request on its own connection, with the viewer's cookie (a proxy keeps it on its copy)."""
    address = urlsplit(base)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    cookie = "".join(f"Cookie: {value}\r\n" for name, value in headers.items() if name.lower() == "cookie")
    form = f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n" if body else ""
    head = f"{request_line} HTTP/1.1\r\nHost: {address.netloc}\r\n{cookie}{form}Connection: close\r\n\r\n"
    writer.write(head.encode() + body)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    if not answer.startswith(b"HTTP/1.1 " + status):
        raise RuntimeError(f"{what} answered " + answer[:40].decode(errors="replace"))
    return answer


async def _draw_map(base: str, link: str, json_args: str, headers: dict) -> int:
    """What the browser does with the map's element: says it has drawn, fetches its layer; bytes received."""
    token = DRAWN_TOKEN.search(json_args)
    if token:
        await _post_drawn(base, token.group(1), headers)
    return await _fetch_layer(base, link, headers)


async def _viewer(base: str, link: str, start: asyncio.Event, viewer: Viewer, headers: dict, poll: float = 0.0) -> None:
    ws_url = base.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, additional_headers=headers, open_timeout=TIMEOUT
        ) as socket:
            await start.wait()
            began = time.perf_counter()
            seen: dict = {}
            drawing: list[asyncio.Task] = []
            await socket.send(_client_state(link, base))

            def on_map(json_args: str) -> None:  # the map is drawn while the run goes on
                drawing.append(asyncio.create_task(_draw_map(base, link, json_args, headers)))

            await asyncio.wait_for(_read_run(socket, viewer, seen, on_map), TIMEOUT)
            viewer.first_run = time.perf_counter() - began
            for task in drawing:
                viewer.received += await asyncio.wait_for(task, TIMEOUT)
            viewer.ready = time.perf_counter() - began
            if poll:
                await _poll(socket, base, link, viewer, seen, poll)
    except Exception as error:  # one viewer's failure is a figure, not the end of the run
        viewer.error = f"{type(error).__name__}: {str(error)[:160]}"


async def _round(base: str, link: str, count: int, headers: dict, poll: float = 0.0) -> Round:
    start = asyncio.Event()
    result = Round(count, [Viewer() for _ in range(count)], os.getloadavg())
    tasks = [asyncio.create_task(_viewer(base, link, start, viewer, headers, poll)) for viewer in result.results]
    await asyncio.sleep(0.5)  # let every socket connect, then all ask at the same moment
    start.set()
    await asyncio.gather(*tasks)
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def summary(rounds: list[Round]) -> str:
    header = (
        f"{'viewers':>7}  {'first run med/p95/max (s)':>26}  {'ready med/p95/max (s)':>22}  "
        f"{'KB/viewer med/max':>17}  {'errors':>6}  {'load (1 min)':>12}"
    )
    lines = [header, "-" * len(header)]
    for done in rounds:
        ok = [v for v in done.results if v.ready is not None]
        errors = len(done.results) - len(ok)
        if not ok:
            lines.append(f"{done.viewers:>7}  {'all failed':>26}")
            continue
        first = [v.first_run for v in ok if v.first_run is not None]
        ready = [v.ready for v in ok if v.ready is not None]
        kb = [v.received / 1024 for v in ok]
        lines.append(
            f"{done.viewers:>7}  "
            f"{statistics.median(first):>8.2f} {percentile(first, 0.95):>8.2f} {max(first):>8.2f}  "
            f"{statistics.median(ready):>6.2f} {percentile(ready, 0.95):>7.2f} {max(ready):>7.2f}  "
            f"{statistics.median(kb):>8.0f} {max(kb):>8.0f}  {errors:>6}  {done.load_before[0]:>12.2f}"
        )
        polls = [seconds for v in ok for seconds in v.polls]
        if polls:
            lines.append(
                f"        while all {done.viewers} keep the page open: {len(polls)} timer reruns, "
                f"each {statistics.median(polls):.3f} s median, {percentile(polls, 0.95):.3f} s p95"
            )
        for viewer in done.results:
            if viewer.error:
                lines.append(f"        error: {viewer.error}")
                break
    return "\n".join(lines)


async def measure(base: str, link: str, counts: list[int], headers: dict, poll: float = 0.0) -> list[Round]:
    # Two viewers first, not timed: fill the caches a real first visitor would fill (on
    # both copies behind the proxy, which deals connections out in turn).
    await _round(base, link, 2, headers)
    rounds = []
    for count in counts:
        rounds.append(await _round(base, link, count, headers, poll))
        print("\n".join(summary(rounds[-1:]).splitlines()[2:]), flush=True)
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", default="1,10,30,100", help="comma-separated numbers of viewers")
    parser.add_argument("--link", default="present=1", help="the link's query string, e.g. present=1&status=damaged")
    parser.add_argument("--sites", type=int, help="generated sites instead of the shipped data")
    parser.add_argument("--url", help="measure a server that is already running at this address")
    parser.add_argument("--cluster", action="store_true", help="through the proxy of scripts/cluster.sh")
    parser.add_argument(
        "--poll", type=float, default=0.0, help="then keep every page open this many seconds, its timer running"
    )
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.viewers.split(",")]
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.url:
        rounds = asyncio.run(measure(args.url, args.link, counts, {}, args.poll))
    elif args.cluster:
        rounds = _through_cluster(args.link, counts, args.poll)
    else:
        with tempfile.TemporaryDirectory(prefix="meeting-") as folder:
            data = REPO / "data" / "sites.geojson"
            if args.sites:
                data = write_geojson(Path(folder) / "sites.geojson", synthetic_features(args.sites))
            log = Path(folder) / "server.log"
            with streamlit_server(APP, REPO, data, log, []) as (url, _process):
                rounds = asyncio.run(measure(url, args.link, counts, {}, args.poll))
    print()
    print(f"link: /?{args.link}")
    print(summary(rounds))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _through_cluster(link: str, counts: list[int], poll: float) -> list[Round]:
    """Start scripts/cluster.sh, measure through its proxy (a new cookie per viewer), stop it."""
    script = REPO / "scripts" / "cluster.sh"
    started = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        raise SystemExit(f"scripts/cluster.sh start failed:\n{started.stdout}{started.stderr}")
    url = started.stdout.strip().splitlines()[-1]
    try:
        return asyncio.run(measure(url, link, counts, {}, poll))
    finally:
        subprocess.run(["bash", str(script), "stop"], check=False)


if __name__ == "__main__":
    raise SystemExit(main())
