"""The map view each open page shows, as its map last reported it (POST /api/view).

Kept in this process only (the proxy keeps a browser on one copy). The page's script reads
it on its next run (heritage/ui/sitemap.py); a live presenter's page registers what it
presents, so the route can publish a move without a script run (heritage/api/views.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from heritage.view import MapView, ViewState

MAX_PAGES = 20_000  # open pages remembered per process; the oldest are forgotten first

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
