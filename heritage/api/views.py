"""`POST /api/view`: the map tells the server where it is, without a script run.

A page's map posts its centre and zoom after every move (sites.js), with its page's token
(a secret the page's script made, heritage/ui/live.py hands it to the browser). The next
script run of that page reads the view from here (heritage/ui/sitemap.py), so links, scenes
and the briefing name the view on screen. A live presenter's move is published to the store
right here: followers see it with no script run on either side.

Tokens and views live in this process only; the proxy keeps a browser on one copy.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from heritage import links, live
from heritage.api.answers import refused
from heritage.view import MapView, ViewState

MAX_PAGES = 20_000  # open pages remembered per process; the oldest are forgotten first
TOKEN_LENGTH = range(16, 65)

_lock = threading.Lock()
_views: OrderedDict[str, MapView] = OrderedDict()
_presenting: dict[str, tuple[str, ViewState]] = {}  # token -> (live code, the presenter's view)


def register(token: str, presenting: tuple[str, ViewState] | None) -> None:
    """Called by each script run of a page: whether it presents a live session, and what."""
    with _lock:
        if presenting is None:
            _presenting.pop(token, None)
        else:
            _presenting[token] = presenting


def latest(token: str) -> MapView | None:
    """The view the page's map last reported, if it reported one."""
    with _lock:
        return _views.get(token)


def _remember(token: str, view: MapView) -> tuple[str, ViewState] | None:
    with _lock:
        _views[token] = view
        _views.move_to_end(token)
        while len(_views) > MAX_PAGES:
            forgotten, _ = _views.popitem(last=False)
            _presenting.pop(forgotten, None)
        return _presenting.get(token)


def _publish(code: str, state: ViewState) -> None:
    from heritage.ui import data as ui_data  # the pages' own store

    store = ui_data.store()
    if store is not None:
        live.publish(store, code, state)


async def report_view(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    token, text = str(form.get("token") or ""), str(form.get("view") or "")
    if len(token) not in TOKEN_LENGTH or not token.replace("-", "").replace("_", "").isalnum():
        return refused("Ignored token: not a page of this dashboard.")
    parsed = links.parse({"view": [text[:100]]})
    if parsed.notes or parsed.state.view is None:
        return refused(parsed.notes[0] if parsed.notes else "Expected view=lat,lon,zoom.")
    presenting = _remember(token, parsed.state.view)
    if presenting is not None:
        code, state = presenting
        moved = state.changed(view=parsed.state.view)
        with _lock:
            if token in _presenting:
                _presenting[token] = (code, moved)
        try:
            await run_in_threadpool(_publish, code, moved)
        except Exception:  # the store is not answering: the page's next run publishes again
            return refused("The live session could not be updated just now.", 503)
    return Response(status_code=204)


ROUTES = [Route("/api/view", report_view, methods=["POST"])]
