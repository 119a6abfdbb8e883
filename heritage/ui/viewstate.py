"""This session's view: one ViewState plus the map bookkeeping, in ONE session entry (session.view).

Every part of the UI that needs the filters, the selected site, the scene or presenter mode
reads them here and changes them with update(); nothing else in session state holds them.
(The filter widgets keep their own keys too: Streamlit needs a key per widget, and the
sidebar writes what they select back here on every run.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any

from heritage.filters import SiteFilter
from heritage.ui import session as kept
from heritage.view import MapView, ViewState

KEY = kept.view.key


@dataclass(frozen=True)
class SessionView:
    """The view state and what the UI must remember to show it.

    requested: the map view a link, scene or live session asked for; the map moves to it once.
    requested_shown: the map has reported showing it, so its own reports name the view again.
    requests: the number of the latest request; the map applies each number once (static/heritage/sites.js
        `moveTo`), so the same view asked for again after a pan moves it back.
    notes: what was ignored in the link that opened the session.
    live_code: the live session this session presents or follows (heritage/live.py).
    presenting / following: which of the two; a follower who stopped keeps the code to rejoin.
    live_revision: the revision of the live session last shown (follower) or published state (presenter).
    live_over: the live session ended or its presenter is gone; the last view stays.
    data_version: the store's version when this page was last drawn (edits appear live).
    fitted_filter: the filters the map last fitted its view to (a filter change fits once, heritage/ui/foundlist.py).
    """

    state: ViewState = ViewState()
    requested: MapView | None = None
    requested_shown: bool = False
    requests: int = 0
    notes: tuple[str, ...] = ()
    live_code: str | None = None
    presenting: bool = False
    following: bool = False
    live_revision: int = 0
    live_over: bool = False
    published: str = ""
    touched: float = 0.0
    data_version: tuple | None = None
    fitted_filter: SiteFilter = SiteFilter()


def opened() -> bool:
    """Whether this session has read its link yet."""
    return kept.view.is_set()


def session() -> SessionView:
    return kept.view.get() or SessionView()


def current() -> ViewState:
    return session().state


def put(session_view: SessionView) -> None:
    kept.view.set(session_view)


def update(**changes: Any) -> ViewState:
    """Change some fields of the view state (site=..., present=..., ...) and return it."""
    before = session()
    state = before.state.changed(**changes)
    put(replace(before, state=state))
    return state


def request_view(view: MapView) -> None:
    """Ask the map to move to `view` on its next draw.

    Each request gets the next number, and the map moves once for each number it has not yet
    applied: a scene shown again after the person panned away, a live follower's catch-up or a
    filter's fit to a view asked for before all move the map back (heritage/ui/mapcomponent.py).
    """
    before = session()
    put(replace(before, requested=view, requested_shown=False, requests=before.requests + 1))


def update_session(**changes: Any) -> SessionView:
    """Change the bookkeeping fields (live_code=..., following=..., ...)."""
    changed = replace(session(), **changes)
    put(changed)
    return changed


def page_token() -> str:
    """A secret naming this session's page to the HTTP routes (the map posts its view with it)."""
    token = kept.page_token.get()
    if token is None:
        token = secrets.token_urlsafe(24)
        kept.page_token.set(token)
    return token


def mark_requested_shown() -> None:
    put(replace(session(), requested_shown=True))
