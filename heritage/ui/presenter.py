"""Presenter mode: no chrome, a big map, large tiles, and scenes stepped with arrow keys.

Scenes are read from the store, so every copy of the dashboard shows the same list; only a
signed-in editor may save or remove one. A scene's name is plain text wherever it is shown.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import streamlit as st

from heritage import links
from heritage.dataset import Dataset
from heritage.links import scene_params
from heritage.scenes import MAX_NAME, Scene, SceneRefused, clean_name
from heritage.store import StoreError
from heritage.ui import session, viewstate
from heritage.ui.auth import current_editor
from heritage.ui.data import store
from heritage.ui.language import current_translator
from heritage.ui.mapcomponent import MAP_FRAME
from heritage.ui.sidebar import apply_state
from heritage.ui.text import plain, show_error

# Only our own constant CSS goes through st.html; no data reaches it.
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 1.2rem !important; max-width: 100% !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1rem !important; }
[data-testid="stMetricDelta"] { font-size: 0.8rem !important; }
[data-testid="stMetric"] { padding: 0 !important; }
[data-testid="stMetric"] > div { padding: 6px 10px !important; }
/* Every status present makes nine tiles: they share ONE row (a label wraps between words, never
   inside one), so the map below keeps its place on a 1280x720 screen instead of dropping off it. */
.st-key-indicator_tiles { gap: 0.5rem !important; flex-wrap: nowrap !important; }
.st-key-indicator_tiles > .stElementContainer { flex: 1 1 auto !important; min-width: min-content !important;
  width: auto !important; }
[data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; word-break: normal !important;
  overflow-wrap: normal !important; }
/* The map takes the height left under the figures, scene buttons and date controls, whatever the screen. */
MAP_FRAME { height: max(300px, calc(100vh - 335px)) !important; }
</style>""".replace("MAP_FRAME", MAP_FRAME)  # the map's frame, as the adapter names it


def presenter_style() -> None:
    st.html(PRESENTER_CSS)


def _go_to(scenes: list[Scene], number: int, data: Dataset) -> None:
    """Button callback: runs before the page, so the widgets are drawn with the scene's values."""
    scene = scenes[number - 1]
    parsed = links.parse(scene.params, regions=data.regions)
    apply_state(parsed.state.changed(present=True, scene=number), data)


def load_scenes() -> list[Scene]:
    """The saved scenes, or none when the store does not answer (the map still shows)."""
    observations = store()
    if observations is None:
        return []
    try:
        return observations.scenes()
    except StoreError:
        return []


def scene_controls(data: Dataset) -> None:
    """Previous / next (← / → keys) and where we are in the sequence."""
    t = current_translator()
    _ = t.gettext
    scenes = load_scenes()
    if not scenes:
        st.caption(_("No scenes saved yet: leave presenter mode and use “Save as scene”."))
        return
    current = min(viewstate.current().scene or 0, len(scenes))
    session = viewstate.session()
    # A follower's ← → do nothing: the presenter chooses the scene (the banner says "Following").
    following = bool(session.following and session.live_code and not session.live_over)
    why = _("The presenter chooses the scene while you follow.") if following else None
    back, label, forward = st.columns([1, 4, 1], vertical_alignment="center")
    back.button(
        "◀ " + _("Previous"), key="scene_prev", shortcut="left", disabled=following or current <= 1,
        on_click=_go_to, args=(scenes, max(current - 1, 1), data), width="stretch", help=why,
    )  # fmt: skip
    forward.button(
        _("Next") + " ▶", key="scene_next", shortcut="right", disabled=following or current >= len(scenes),
        on_click=_go_to, args=(scenes, min(current + 1, len(scenes)), data), width="stretch", help=why,
    )  # fmt: skip
    if current:
        heading = _("Scene {number} of {count}: {name}").format(
            number=current, count=len(scenes), name=plain(scenes[current - 1].name)
        )
        label.markdown("#### " + heading)  # the message is ours; the name is escaped
    else:
        heading = t.ngettext("{count} scene: press → to start", "{count} scenes: press → to start", len(scenes))
        label.markdown("#### " + plain(heading.format(count=len(scenes))))


def enter_presenter() -> None:
    viewstate.update(present=True)


def leave_presenter() -> None:
    viewstate.update(present=False, scene=None)


def save_scene_control(state: links.ViewState) -> None:
    """Save the current view (filters, extent, selected site) as the next scene; editors only."""
    editor = current_editor()
    _ = current_translator().gettext
    with st.popover(_("Scenes"), icon=":material/slideshow:"):
        if editor:
            with st.form("save_scene", clear_on_submit=True, border=False):
                name = st.text_input(
                    _("Scene name"), key="scene_name", max_chars=MAX_NAME, placeholder=_("e.g. Damaged sites in Shusha")
                )
                if st.form_submit_button(_("Save as scene")):
                    _save(name, state, editor)
        else:
            st.caption(_("Editors save and remove scenes (Editors page); anyone can present them."))
        for number, scene in enumerate(load_scenes(), start=1):
            left, right = st.columns([5, 1], vertical_alignment="center")
            query = urlencode({**scene.params, "present": ["1"], "scene": [str(number)]}, doseq=True)
            left.text(f"{number}. {scene.name}")  # plain text: a name is never Markdown
            present_here = _("Present from here")
            left.markdown(f"[{plain(present_here)}](?{query})")  # urlencode leaves no Markdown in the target
            if editor:
                right.button(
                    "✕", key=f"remove_scene_{scene.id}", help=_("Remove this scene"), on_click=_remove, args=(scene.id,)
                )


def undo_removal_control() -> None:
    """For a few seconds after a scene is removed, one click brings it back (as the last scene)."""
    removed, when = session.removed_scene.get() or (None, 0.0)
    if removed is None or time.monotonic() - when > UNDO_SECONDS or not current_editor():
        session.removed_scene.pop()
        return
    st.button(
        plain(current_translator().gettext("Undo: bring back “{name}”").format(name=removed.name)),
        key="undo_scene_removal",
        icon=":material/undo:",
        on_click=_undo,
    )


def _undo() -> None:
    removed, _ = session.removed_scene.pop() or (None, 0.0)
    observations, editor = store(), current_editor()
    if removed is None or observations is None or not editor:
        return
    try:
        observations.add_scene(removed.name, removed.params, editor)
    except (SceneRefused, StoreError) as error:
        show_error(error)


def _save(name: str, state: links.ViewState, editor: str) -> None:
    observations = store()
    if observations is None:
        return  # check_store() has said why, above the page
    try:
        observations.add_scene(clean_name(name), scene_params(state), editor)
    except (SceneRefused, StoreError) as error:
        show_error(error)
    else:
        st.success(current_translator().gettext("Saved scene {number}.").format(number=len(load_scenes())))


UNDO_SECONDS = 10  # how long a removed scene can be brought back


def _remove(scene_id: int) -> None:
    """Button callback: only an editor's session has the button; checked again all the same."""
    observations = store()
    if current_editor() and observations is not None:
        try:
            removed = next((scene for scene in load_scenes() if scene.id == scene_id), None)
            observations.remove_scene(scene_id)
            if removed is not None:
                session.removed_scene.set((removed, time.monotonic()))
        except StoreError as error:
            show_error(error)
