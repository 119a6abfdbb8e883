"""`/api/events`: what open pages must know, pushed as Server-Sent Events (no timer runs).

    GET /api/events                  the data's version (an edit anywhere: redraw)
    GET /api/events?follow=CODE      ... and the live session's state and view, for a follower
    GET /api/events?present=CODE     ... and, while it is open, the presenter is there

Events: `version` (data: a token; a new one means the sites changed) and `live` (data: JSON
{"state": "live" | "away" | "ended" | "reconnecting", "revision": n, "query": the view as its
link's query string}). One reader per process (Hub) asks the store every POLL seconds, once
for all its clients, and fans the changes out: a room of 100 followers costs one read per
POLL, not 100. It also looks at once when a presenter on this copy publishes (nudge) and, with
PostgreSQL, when one on any other copy does (heritage/wakeups.py: one listening connection per
process). When the store does not answer the state is "reconnecting", never "ended";
the browser's EventSource reconnects by itself when a copy or the proxy goes away.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from heritage import current, live, wakeups
from heritage.api.answers import refused
from heritage.store import database_url, watch_data

POLL = 0.25  # seconds between two looks at the store, for every client of this process
KEEPALIVE = 15.0  # a comment line now and then, so proxies keep an idle stream open
PRESENT_TOUCH = 3.0  # how often an open presenter's page marks the session as seen
AWAY_AFTER = dt.timedelta(seconds=8)  # no sign of the presenter this long: followers are told
RETRY_MS = 1000  # what the browser waits before reconnecting

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Client:
    follow: str | None
    present: str | None
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(maxsize=64))


def _event(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


def version_token(version) -> str:
    """The data's version as the text both the page and the stream compare ("" when unreadable)."""
    return "" if version is None else version.token()


def live_state(session: live.LiveSession | None, now: dt.datetime, reachable: bool = True) -> dict:
    """What a follower is told about the live session `code` (see the module's docstring)."""
    if not reachable:
        return {"state": "reconnecting", "revision": None, "query": None}
    if session is None or session.over(now):
        return {"state": "ended", "revision": session.revision if session else None, "query": None}
    seen = session.seen_at if session.seen_at.tzinfo else session.seen_at.replace(tzinfo=dt.UTC)
    state = "away" if now - seen > AWAY_AFTER else "live"
    return {"state": state, "revision": session.revision, "query": live.serialise(session.state)}


class Hub:
    """The one reader of this process: looks at the store for every client, pushes what changed."""

    def __init__(self) -> None:
        self.clients: set[Client] = set()
        self.version: str | None = None
        self.live: dict[str, str] = {}  # code -> the last `live` event's data
        self.touched: dict[str, float] = {}
        self.task: asyncio.Task | None = None
        self.woken: asyncio.Event | None = None
        self.listener: wakeups.Listener | None = None
        self.listening = False  # whether this process's edits and other copies' notices wake it

    def nudge(self) -> None:
        """Look now (a presenter on this copy just published), not at the next POLL."""
        if self.woken is not None:
            self.woken.set()

    def subscribe(self, client: Client) -> None:
        self.clients.add(client)
        if self.version is not None:
            client.queue.put_nowait(_event("version", self.version))
        if client.follow in self.live:
            client.queue.put_nowait(_event("live", self.live[client.follow]))
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        self._listen()

    def _listen(self) -> None:
        """Hear changes at once: this process's edits (watch_data) and, with PostgreSQL,
        other copies' (one listener for the process, kept)."""
        if self.listening:
            return
        self.listening = True
        loop = asyncio.get_running_loop()

        def wake(_code: str = "") -> None:  # in the writer's or the listener's thread
            try:
                loop.call_soon_threadsafe(self.nudge)
            except RuntimeError:  # the server's loop is closed: it is shutting down
                pass

        watch_data(wake)
        url = database_url()
        if wakeups.can_listen(url):
            self.listener = wakeups.Listener(url, wake).start()

    def unsubscribe(self, client: Client) -> None:
        self.clients.discard(client)

    async def _run(self) -> None:
        self.woken = asyncio.Event()
        while self.clients:
            self.woken.clear()
            try:
                await self._look()
            except Exception:  # never let one bad look end the pushes for everyone
                log.exception("The live events reader failed once; it goes on.")
            try:
                await asyncio.wait_for(self.woken.wait(), POLL)
            except TimeoutError:
                pass

    async def _look(self) -> None:
        follows = {c.follow for c in self.clients if c.follow}
        presents = {c.present for c in self.clients if c.present}
        loop = asyncio.get_running_loop()
        due = {code for code in presents if loop.time() - self.touched.get(code, 0.0) >= PRESENT_TOUCH}
        version, sessions = await run_in_threadpool(_read, follows, due)
        for code in due:
            self.touched[code] = loop.time()
        if version != self.version:
            self.version = version
            self._send(lambda c: True, _event("version", version))
        for code, data in sessions.items():
            if self.live.get(code) != data:
                self.live[code] = data
                self._send(lambda c, code=code: c.follow == code, _event("live", data))
        for code in list(self.live):
            if code not in follows:
                del self.live[code]

    def _send(self, wanted, text: str) -> None:
        for client in list(self.clients):
            if wanted(client):
                try:
                    client.queue.put_nowait(text)
                except asyncio.QueueFull:  # a client that reads nothing: it reconnects and catches up
                    self.clients.discard(client)


def _read(follows: set[str], touch: set[str]) -> tuple[str, dict[str, str]]:
    """One look at the store for the whole process (in a worker thread)."""
    answer = current.answering()
    store = answer[0] if answer else None
    version = version_token(current.data_version())
    now = dt.datetime.now(dt.UTC)
    sessions: dict[str, str] = {}
    for code in touch:
        if store is not None:
            try:
                live.touch(store, code)
            except Exception:
                store = None
    for code in follows:
        state = live_state(None, now, reachable=False)
        if store is not None:
            try:
                state = live_state(live.read(store, code), now)
            except Exception:  # the store stopped answering: reconnecting, never ended
                pass
        sessions[code] = json.dumps(state, sort_keys=True)
    return version, sessions


HUB = Hub()


def _code(request: Request, name: str) -> str | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    code = live.clean_code(text[:40])
    if code is None:
        raise ValueError(f"Ignored {name}={text[:40]}: not a live-session code.")
    return code


async def events(request: Request) -> Response:
    unknown = sorted(set(request.query_params) - {"follow", "present"})
    if unknown:
        return refused(f"Ignored {unknown[0][:40]}: not a parameter of this route.")
    try:
        client = Client(follow=_code(request, "follow"), present=_code(request, "present"))
    except ValueError as error:
        return refused(str(error))

    async def stream():
        HUB.subscribe(client)
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while True:
                try:
                    yield await asyncio.wait_for(client.queue.get(), KEEPALIVE)
                except TimeoutError:
                    if client not in HUB.clients:
                        return  # dropped for not reading: the browser reconnects
                    yield ": still here\n\n"
        finally:
            HUB.unsubscribe(client)

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


ROUTES = [Route("/api/events", events, methods=["GET"])]
