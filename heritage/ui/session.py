"""The one door to `st.session_state`: every key this app keeps per browser session, named and typed.

A Streamlit session lives as long as one browser tab's connection, so what is kept here is
what one person's tab must remember between reruns: their view, language, sign-in, the map's
last report. No other module reads or writes `st.session_state` (tests/unit/test_session_door.py
fails if one does); they call the entries below, so a newcomer finds every key, its type and
why it is kept in one file.

Widgets keep their values in the session under their `key=` too; pages pass that key to the
widget, and seed or read its value through widget_value() / set_widget_values().
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import streamlit as st

if TYPE_CHECKING:
    from heritage.scenes import Scene

T = TypeVar("T")


class Entry(Generic[T]):
    """One session key: its name, its value when unset, and why it is kept (the docstring)."""

    def __init__(self, key: str, default: T, doc: str) -> None:
        self.key = key
        self.default = default
        self.__doc__ = doc

    def get(self) -> T:
        """The value, or the default while the session has none."""
        return st.session_state.get(self.key, self.default)

    def set(self, value: T) -> None:
        st.session_state[self.key] = value

    def is_set(self) -> bool:
        return self.key in st.session_state

    def setdefault(self, value: T) -> T:
        """The value kept; the first call keeps `value` (a mutable value is then changed in place)."""
        return st.session_state.setdefault(self.key, value)

    def pop(self) -> T:
        """The value (or the default), and the key gone: a one-time message or undo."""
        return st.session_state.pop(self.key, self.default)

    def __repr__(self) -> str:
        return f"Entry({self.key!r})"


# Typed loosely: viewstate.py builds on this module, so naming its SessionView here would be a circle.
view: Entry[Any] = Entry(
    "heritage_view",
    None,
    "This session's view state and its map bookkeeping (heritage/ui/viewstate.py), in one value; "
    "each tab shows its own filters, site and scene.",
)
entered_through_dashboard: Entry[bool] = Entry(
    "entered_through_dashboard",
    False,
    "dashboard.py's navigation has run in this session; until then a page reruns through it "
    "(heritage/ui/navigation.py).",
)
language: Entry[str | None] = Entry(
    "language",
    None,
    "The language code this session reads in, chosen on its first run (heritage/ui/language.py).",
)
language_explicit: Entry[bool] = Entry(
    "language_explicit",
    False,
    "The language was asked for (link or switch) rather than guessed: only then do shared links name it.",
)
editor: Entry[str | None] = Entry(
    "editor",
    None,
    "The signed-in editor's name (password sign-in), None for a viewer. Kept per session on purpose: "
    "a reload signs out (no cookie a script could read).",
)
oidc_recorded: Entry[str | None] = Entry(
    "oidc_recorded",
    None,
    "The address whose identity-provider sign-in this session has written to the audit trail: once per session.",
)
review_done: Entry[str | None] = Entry(
    "review_done",
    None,
    "The Review page's last decision, said once after the page reruns without the decided proposal.",
)
signin_session: Entry[str | None] = Entry(
    "signin_session",
    None,
    "A random id for this session, so failed sign-ins are slowed down per session as well as per name.",
)
reloaded_editor_page: Entry[bool] = Entry(
    "reloaded_editor_page",
    False,
    "A viewer asked for an editor page (an editor's reload ended the sign-in): the Editors page says "
    "why once, then forgets it.",
)
removed_scene: Entry[tuple[Scene, float] | None] = Entry(
    "removed_scene",
    None,
    "(scene, time.monotonic()) of the last scene this session removed, so its undo button can bring it back "
    "for a few seconds.",
)
page_token: Entry[str | None] = Entry(
    "heritage_page_token",
    None,
    "A secret naming this tab's page to the HTTP routes: its map posts its view with it (/api/view, "
    "heritage/mapviews.py), so the next run and a live presenter's followers know the view without a run.",
)
handled_click: Entry[float | None] = Entry(
    "handled_click",
    None,
    "The moment (ms, stamped by sites.js) of the click last turned into a selected site, so one click "
    "selects once, not on every rerun.",
)
timeline_playing: Entry[float | None] = Entry(
    "timeline_playing",
    None,
    "While the presenter plays the years: time.monotonic() of the last step (heritage/ui/timeline.py); the "
    "date steps a year every few seconds until today. None: not playing.",
)
seen_revisions: Entry[dict[str, Any] | None] = Entry(
    "seen_revisions",
    None,
    "Each site's store revision when this editor first saw it on the Edit page: a later write by someone "
    "else is a conflict.",
)

upload_plan: Entry[tuple[tuple, Any] | None] = Entry(
    "upload_plan",
    None,
    "(key, plan) of the file last uploaded on the Import page, keyed by its SHA-256, name and the data: "
    "a rerun shows the kept plan instead of checking the file again (heritage/ui/uploads.py).",
)


def widget_value(key: str, default: Any = None) -> Any:
    """The value the widget (or component) with this `key=` holds, or `default` before it has one."""
    return st.session_state.get(key, default)


def set_widget_value(key: str, value: Any) -> None:
    """Seed or reset one widget's value; call it before the widget is drawn in this run."""
    st.session_state[key] = value


def set_widget_values(values: Mapping[str, Any]) -> None:
    """Seed or reset several widgets at once (e.g. every filter from a link or the reset button)."""
    for key, value in values.items():
        st.session_state[key] = value


upload_editor: Entry[str | None] = Entry(
    "upload_editor",
    None,
    "The editor who reached an editing page in this session (heritage.ui.auth.require_editor): "
    "heritage/ui/guards.py lets only such a session's file uploader send files to the server.",
)


def state_of(app_session: Any) -> Any:
    """Another session's state (Streamlit's SessionState), by its AppSession: for an HTTP request
    that names a session and has no script run of its own (heritage/ui/streamlit_sessions.py)."""
    return app_session.session_state
