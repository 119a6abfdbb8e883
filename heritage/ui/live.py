"""Live meetings on the page: presenting and following a live session, and edits appearing live.

One small fragment, watch(), reruns itself on a timer in every open map page. It asks two
cheap questions, each answered from a cache shared by every session of this copy (so 100
viewers polling cost the database a few queries a second, not hundreds):
- following a presenter: has the live session's revision moved on? Then draw the page
  again; catch_up(), called before the widgets, shows the presenter's view.
- anyone: has the store changed (a new observation or import)? Then draw the page again,
  keeping the view. Edits thus show within EDIT_POLL + DATA_VERSION_TTL seconds.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import streamlit as st

from heritage import live
from heritage.dataset import Dataset
from heritage.ui import data as ui_data
from heritage.ui import viewstate
from heritage.ui.auth import current_editor
from heritage.ui.language import current_translator
from heritage.ui.sidebar import apply_state
from heritage.view import ViewState

FOLLOW_POLL = 0.5  # seconds between a follower's looks at the live session
EDIT_POLL = 3.0  # seconds between looks at the store's version
REVISION_TTL = 0.15  # one database read per this many seconds, however many followers (a key lookup)
DATA_VERSION_TTL = 1.0
TOUCH_EVERY = 60.0  # the presenter's page says it is still there


@st.cache_data(ttl=REVISION_TTL, show_spinner=False, max_entries=256)
def _session(code: str) -> live.LiveSession | None:
    """The live session as stored, read at most once per REVISION_TTL for all followers here."""
    store = ui_data.store()
    return live.read(store, code) if store else None


@st.cache_data(ttl=DATA_VERSION_TTL, show_spinner=False)
def _data_version() -> tuple | None:
    """The data's version (heritage.ui.data.data_version): a changed file or a new edit redraws."""
    return ui_data.data_version()


def follow_link(code: str) -> str:
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode({'follow': code})}"


# --- presenter ------------------------------------------------------------------------------


def _start(state: ViewState, presenter: str) -> None:
    store = ui_data.store()
    if store is None:
        return
    code = live.start(store, presenter, state)
    viewstate.update_session(
        live_code=code, presenting=True, following=False, live_over=False, published=state.to_json(),
        touched=time.monotonic(),
    )  # fmt: skip


def _end() -> None:
    code, store = viewstate.session().live_code, ui_data.store()
    if code and store:
        live.end(store, code)
    viewstate.update_session(live_code=None, presenting=False)


def publish(state: ViewState) -> None:
    """The presenter's view as shown now: stored when it changed (followers then show it)."""
    session = viewstate.session()
    if not (session.presenting and session.live_code):
        return
    text = state.to_json()
    store = ui_data.store()
    if text == session.published or store is None:
        return
    live.publish(store, session.live_code, state)
    viewstate.update_session(published=text, touched=time.monotonic())


# --- follower -------------------------------------------------------------------------------


def _stop_following() -> None:
    viewstate.update_session(following=False)


def _rejoin() -> None:
    viewstate.update_session(following=True, live_revision=0)


def catch_up(data: Dataset) -> None:
    """Before the widgets are drawn: show the live session's view if it moved on, or note its end."""
    session = viewstate.session()
    if not (session.following and session.live_code) or session.live_over:
        return
    followed = _session(session.live_code)
    if followed is None or followed.over():
        viewstate.update_session(live_over=True, following=False)
    elif followed.revision != session.live_revision:
        apply_state(followed.state, data)
        viewstate.update_session(live_revision=followed.revision)


def _moved_on(session: viewstate.SessionView) -> bool:
    followed = _session(session.live_code)
    return followed is None or followed.over() or followed.revision != session.live_revision


# --- on the page ------------------------------------------------------------------------------


def live_controls(state: ViewState, data: Dataset) -> None:
    """What the presenter or a follower sees of the live session: its link, stop, rejoin."""
    session = viewstate.session()
    _ = current_translator().gettext
    if session.presenting and session.live_code:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(_("Live: followers open {link}").format(link=follow_link(session.live_code)))
            st.button(_("End live session"), icon=":material/stop_circle:", on_click=_end, key="live_end")
        return
    if session.live_code and session.live_over:
        st.warning(_("The live session has ended. You keep its last view."), icon=":material/podcasts:")
        return
    if session.live_code and session.following:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(_("Following the presenter's live session."))
            st.button(_("Stop following"), icon=":material/pause:", on_click=_stop_following, key="live_stop")
        return
    if session.live_code:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(_("You are exploring on your own."))
            st.button(_("Rejoin the presenter"), icon=":material/podcasts:", on_click=_rejoin, key="live_rejoin")
        return
    presenter = current_editor()
    if state.present and presenter and ui_data.store() is not None:
        st.button(
            _("Go live"), icon=":material/podcasts:", on_click=_start, args=(state, presenter), key="live_start",
            help=_("Start a live session: everyone who opens its link sees what you show, as you show it."),
        )  # fmt: skip


def watch() -> None:
    """Start the timer fragment: faster for a follower, slower for everyone else."""
    session = viewstate.session()
    if session.data_version is None:
        viewstate.update_session(data_version=_data_version())
    every = FOLLOW_POLL if session.following and not session.live_over else EDIT_POLL
    st.fragment(_watch, run_every=every)()


def _watch() -> None:
    session = viewstate.session()
    redraw = False
    if session.following and session.live_code and not session.live_over:
        redraw = _moved_on(session)  # the page's next run (catch_up) shows it
    if session.presenting and session.live_code and time.monotonic() - session.touched > TOUCH_EVERY:
        store = ui_data.store()
        if store is not None:
            live.touch(store, session.live_code)
        viewstate.update_session(touched=time.monotonic())
    version = _data_version()
    if version != viewstate.session().data_version:
        viewstate.update_session(data_version=version)
        redraw = True
    if redraw:
        st.rerun(scope="app")
