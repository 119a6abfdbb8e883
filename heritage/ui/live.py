"""Live meetings on the page: presenting and following a live session, and edits appearing live.

No timer runs. A small component (watch()) holds the page's event stream (/api/events,
heritage/api/events.py) open and reruns the page only when something it shows changed:
- anyone: the data's version moved on (a new observation or import anywhere);
- a follower: the presenter changed filters, scene or site (catch_up(), called before the
  widgets, then shows the presenter's view); a change of the map view alone moves the
  follower's map in the browser, without a run.
A store that does not answer makes the stream say "reconnecting", never "ended"; the
browser's EventSource reconnects by itself when a copy or the proxy goes away.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import streamlit as st

from heritage import live, mapviews
from heritage.dataset import Dataset
from heritage.ui import data as ui_data
from heritage.ui import viewstate
from heritage.ui.auth import current_editor
from heritage.ui.language import current_translator
from heritage.ui.mapcomponent import MAP_FRAME
from heritage.ui.sidebar import apply_state
from heritage.view import ViewState

REVISION_TTL = 0.15  # one database read per this many seconds, however many followers (a key lookup)
UNREACHABLE = "unreachable"  # the store did not answer: not the same as "no such session"


@st.cache_data(ttl=REVISION_TTL, show_spinner=False, max_entries=256)
def _session(code: str) -> live.LiveSession | str | None:
    """The live session as stored, read at most once per REVISION_TTL for all followers here.

    UNREACHABLE when the store does not answer (followers then wait, they are not told "ended").
    """
    store = ui_data.store()
    if store is None:
        return UNREACHABLE
    try:
        return live.read(store, code)
    except Exception:  # any driver or network failure: the same as not answering
        return UNREACHABLE


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
        live_code=code, presenting=True, following=False, live_over=False, published=live.serialise(state),
        touched=time.monotonic(),
    )  # fmt: skip


def _end() -> None:
    code, store = viewstate.session().live_code, ui_data.store()
    if code and store:
        live.end(store, code)
    viewstate.update_session(live_code=None, presenting=False)


def _left_open(store, presenter: str) -> str | None:
    try:
        return live.open_session_of(store, presenter)
    except Exception:  # not answering: offer Go live as before; starting then says why it cannot
        return None


def _resume(code: str) -> None:
    """Take the open session back: this page presents it from now on, showing what it shows."""
    viewstate.update_session(
        live_code=code, presenting=True, following=False, live_over=False, published="", touched=time.monotonic()
    )


def _end_left(code: str) -> None:
    store = ui_data.store()
    if store is not None:
        live.end(store, code)


def publish(state: ViewState) -> None:
    """The presenter's view as shown now: stored when it changed (followers then show it)."""
    session = viewstate.session()
    presenting = session.presenting and session.live_code
    # The map's moves are published by the view route, with the rest of this view.
    mapviews.register(viewstate.page_token(), (session.live_code, state) if presenting else None)
    if not presenting:
        return
    text = live.serialise(state)
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
    if followed == UNREACHABLE:
        return  # the store is not answering: keep the last view; the stream says "reconnecting"
    if followed is None or followed.over():
        viewstate.update_session(live_over=True, following=False)
    elif followed.revision != session.live_revision:
        apply_state(followed.state, data)
        viewstate.update_session(live_revision=followed.revision)


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
    store = ui_data.store()
    if state.present and presenter and store is not None:
        left = _left_open(store, presenter)
        if left:  # the presenter reloaded or came back signed out: their followers still wait
            with st.container(horizontal=True, vertical_alignment="center"):
                st.text(_("Your live session {code} is still open.").format(code=left))
                st.button(
                    _("Resume live session"), icon=":material/podcasts:", on_click=_resume, args=(left,),
                    key="live_resume",
                )  # fmt: skip
                st.button(
                    _("End it"), icon=":material/stop_circle:", on_click=_end_left, args=(left,), key="live_end_left"
                )
            return
        st.button(
            _("Go live"), icon=":material/podcasts:", on_click=_start, args=(state, presenter), key="live_start",
            help=_("Start a live session: everyone who opens its link sees what you show, as you show it."),
        )  # fmt: skip


# The page's end of /api/events. It keeps one EventSource per page (across reruns, in
# window.heritageEvents) and asks for a rerun (setTriggerValue) only when the page must be
# drawn again; a follower's map is moved in the browser when only the view changed.
_EVENTS_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const hub = (window.heritageEvents = window.heritageEvents || {});
  hub.data = data;
  hub.drawn = data.revision || 0;  // the live revision this page's last run drew (events do not change it)
  hub.trigger = setTriggerValue;
  hub.status = parentElement.querySelector(".status");
  const say = (text) => { if (hub.status) hub.status.textContent = text || ""; };
  // Only while this component is on the page: after the person moved to another page (the
  // stream stays open for the way back), a push must not rerun that page; an editor's "Recorded"
  // vanished at once. Coming back to the map runs its script, which reads everything afresh.
  hub.mounted = true;
  const rerun = () => { if (hub.mounted) hub.trigger("refresh", Date.now()); };
  const restOf = (query) => {
    const params = new URLSearchParams(query || "");
    params.delete("view");
    return params.toString();
  };
  const moveMap = (query) => {
    const view = new URLSearchParams(query || "").get("view");
    if (!view) return false;
    const [lat, lon, zoom] = view.split(",").map(Number);
    const frame = document.querySelector(MAP_FRAME);
    const map = frame && frame.contentWindow && frame.contentWindow.HeritageMap;
    if (!map || !map.showView) return false;
    map.showView(lat, lon, zoom);
    return true;
  };
  // A follower's map shows the newest view its stream brought (hub.latest), even when a run drew
  // an older one after it (the run could not read the store, or read it just before the move),
  // or the map was being replaced when the view came: each change comes once, so nothing else
  // would correct it. Asked after every run and by sites.js once a new map is placed.
  hub.catchUp = () => {
    const latest = hub.latest, drawn = hub.data;
    if (drawn && drawn.follow && latest && latest.revision > hub.drawn) moveMap(latest.query);
  };
  hub.catchUp();
  const query = new URLSearchParams();
  if (data.follow) query.set("follow", data.follow);
  if (data.present) query.set("present", data.present);
  const url = "/api/events" + (query.toString() ? "?" + query.toString() : "");
  const open = () => {
    if (hub.source) hub.source.close();
    const source = new EventSource(hub.url);
    hub.source = source;
    source.addEventListener("version", (event) => {
      if (event.data && event.data !== hub.data.version) {
        hub.versionAt = Date.now();  // benchmarks/edits.py: when the push came, before the run
        hub.data.version = event.data;
        rerun();
      }
    });
    source.addEventListener("live", (event) => {
      const live = JSON.parse(event.data);
      const words = hub.data.words || {};
      say(live.state === "away" ? words.away : live.state === "reconnecting" ? words.reconnecting : "");
      if (!hub.data.follow) return;
      if (live.state === "ended") { rerun(); return; }
      if (live.revision === null || live.revision === hub.data.revision) { hub.rest = restOf(live.query); return; }
      const rest = restOf(live.query);
      if (hub.rest !== null && rest === hub.rest) {
        hub.latest = { revision: live.revision, query: live.query };  // only the view changed
        if (moveMap(live.query)) { hub.data.revision = live.revision; return; }
      }
      hub.rest = rest;
      hub.data.revision = live.revision;
      rerun();
    });
    source.onopen = () => {
      if (hub.lost) { hub.lost = false; rerun(); }  // back after a copy or the proxy went away: catch up
    };
    source.onerror = () => {
      hub.lost = true;
      if (hub.data.follow) say((hub.data.words || {}).reconnecting);
      // A proxy's 502/503 (a copy gone) ends an EventSource for good: open a new one.
      if (source.readyState === EventSource.CLOSED && hub.source === source) setTimeout(open, 1000);
    };
  };
  if (hub.url !== url) {
    hub.url = url;
    hub.rest = null;
    hub.latest = null;  // another session (or none): its revisions are its own
    hub.lost = false;
    open();
  }
  return () => { hub.mounted = false; };  // Streamlit calls it when the component leaves the page
}
"""
_EVENTS_JS = _EVENTS_JS.replace("MAP_FRAME", json.dumps(MAP_FRAME))  # the map's frame, as the adapter names it
_EVENTS_HTML = '<span class="status" role="status" aria-live="polite"></span>'
_EVENTS_CSS = ".status:empty { display: none; } .status { font-size: 0.9rem; }"
_events = st.components.v2.component("heritage.live_events", html=_EVENTS_HTML, css=_EVENTS_CSS, js=_EVENTS_JS)


def _version_token() -> str:
    version = ui_data.data_version()
    return version.token() if version else ""


def watch() -> None:
    """The page's event stream: edits anywhere, and a followed presenter's changes, without a timer."""
    session = viewstate.session()
    _ = current_translator().gettext
    following = session.following and session.live_code and not session.live_over
    data = {
        "version": _version_token(),
        "follow": session.live_code if following else None,
        "present": session.live_code if session.presenting else None,
        "revision": session.live_revision,
        "token": viewstate.page_token(),  # the map posts its view with it (heritage/api/views.py)
        "words": {
            "reconnecting": _("Reconnecting to the live session…"),
            "away": _("The presenter is away; you keep the last view."),
        },
    }
    _events(data=data, key="live_events", on_refresh_change=lambda: None)
