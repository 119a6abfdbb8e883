"""The map view each open page shows, as its map last reported it (POST /api/view), and its first drawing.

Kept in this process only (the proxy keeps a browser on one copy). The page's script reads
it on its next run (heritage/ui/sitemap.py); a live presenter's page registers what it
presents, so the route can publish a move without a script run (heritage/api/views.py).

A page's load waits for its map: the script expects the map's word that it has drawn its first
markers (POST /api/drawn), and draws the rest of the page once it came (heritage/ui/firstpaint.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from heritage.view import MapView, ViewState

MAX_PAGES = 20_000  # open pages remembered per process; the oldest are forgotten first

_lock = threading.Lock()
_views: OrderedDict[str, MapView] = OrderedDict()
_presenting: dict[str, tuple[str, ViewState]] = {}  # token -> (live code, the presenter's view)
_expected: dict[str, threading.Event] = {}  # token -> set once the page's map has drawn


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


def remember(token: str, view: MapView) -> tuple[str, ViewState] | None:
    """Keep the page's new view; for a live presenter, the session and view to publish (moved)."""
    with _lock:
        _views[token] = view
        _views.move_to_end(token)
        while len(_views) > MAX_PAGES:
            forgotten, _ = _views.popitem(last=False)
            _presenting.pop(forgotten, None)
        presenting = _presenting.get(token)
        if presenting is None:
            return None
        code, state = presenting
        moved = (code, state.changed(view=view))
        _presenting[token] = moved
        return moved


def expect_drawn(token: str) -> threading.Event:
    """Before a page's map is drawn: the event its word that it has drawn will set (see `drawn`).

    Asked for before the map is sent, so a word that comes back quickly is not missed. The caller
    stops expecting with `stop_expecting`, word or not, so nothing is kept for a page left.
    """
    with _lock:
        event = _expected.setdefault(token, threading.Event())
    return event


def drawn(token: str) -> None:
    """The page's map has drawn its first markers: a script waiting for it goes on."""
    with _lock:
        event = _expected.get(token)
    if event is not None:
        event.set()


def stop_expecting(token: str) -> None:
    """The page no longer waits for its map."""
    with _lock:
        _expected.pop(token, None)
