"""The map page's parts: the header (title bar or presenter bar), the map, its help line and the details column.

pages/map.py reads the view and lays these out; each part takes the view it draws.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from heritage.extent import AZERBAIJAN
from heritage.filters import SiteFilter, describe
from heritage.i18n import N_
from heritage.links import site_params, to_params
from heritage.ui import data as ui_data
from heritage.ui import live as live_ui
from heritage.ui import viewstate
from heritage.ui.briefing import briefing_button
from heritage.ui.errors import guarded
from heritage.ui.foundlist import fit_to_new_filters, found_list
from heritage.ui.language import app_title, current_translator
from heritage.ui.panels import indicator_tiles, site_details
from heritage.ui.presenter import (
    enter_presenter,
    leave_presenter,
    save_scene_control,
    scene_controls,
    undo_removal_control,
)
from heritage.ui.problems import show_problems
from heritage.ui.sidebar import FilteredView, reset_filters, show_url_notes
from heritage.ui.sitemap import NO_MATCH, clicked_site, on_screen, person_moved_map, render_map, view_around
from heritage.ui.text import plain
from heritage.ui.timeline import changes_list, date_controls
from heritage.ui.urlsync import copy_link_control, current_state, sync_url
from heritage.view import ViewState

MAP_HEIGHT = {False: 620, True: 680}  # by presenter mode: the presenter's map fills a projector's screen


def fit_to_the_filters(view: FilteredView) -> None:
    """New filters fit the map to their sites, unless the person moved it and it still shows some of them."""
    extent = view.dataset.bounds or AZERBAIJAN  # the map opens fitted on it
    start = view_around(np.array([extent.south, extent.north]), np.array([extent.west, extent.east]))
    fit_to_new_filters(
        view.dataset, view.site_filter, view.mask, view_around, shown=on_screen(), moved=person_moved_map(start)
    )


def header(state: ViewState, view: FilteredView) -> None:
    """The presenter's bar, or the title with the sharing buttons; then the live controls and the tiles."""
    if state.present:
        presenter_bar(view)
    else:
        title_bar(view)
    live_ui.live_controls(current_state(view.site_filter), view.dataset)
    indicator_tiles(ui_data.shown_indicators(view.dataset, view.site_filter), large=state.present)


def presenter_bar(view: FilteredView) -> None:
    """Presenter mode: scenes, the way out, and the date controls, over a full-screen map (style: pages/map.py)."""
    _ = current_translator().gettext
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.container(width="stretch"):
            scene_controls(view.dataset)
        st.button(_("Exit presenter mode"), on_click=leave_presenter, width="content")
    date_controls(view.site_filter)


def title_bar(view: FilteredView) -> None:
    """The title and, right under it, the sharing buttons: there without scrolling on a 1280x720 screen.

    Copy link copies the address bar, which the map fragment keeps in step with every pan.
    """
    _ = current_translator().gettext
    st.title(app_title(), anchor=False)
    with st.container(horizontal=True, vertical_alignment="center"):
        state = current_state(view.site_filter)
        copy_link_control(state)
        save_scene_control(state)
        undo_removal_control()
        briefing_button(view.dataset, view.site_filter, state)
        st.button(
            _("Present"),
            key="enter_present",
            icon=":material/co_present:",
            on_click=enter_presenter,
            help=_("Full-screen map with large figures, and scenes"),
        )
    show_url_notes()
    show_problems(view.dataset)


def map_column(state: ViewState, view: FilteredView) -> None:
    """The map with its help line (not in presenter mode) and, under it, what changed."""
    if not state.present:
        map_help(view)
    map_and_link(view, height=MAP_HEIGHT[state.present], present=state.present)
    changes_list(view.dataset, view.mask, view.site_filter)


@st.fragment
@guarded(N_("The map"))  # a fragment reruns without dashboard.py's guard
def map_and_link(view: FilteredView, height: int, present: bool) -> None:
    """Panning reruns only this: the URL follows the map; filtering and tiles are untouched."""
    clicked = clicked_site()
    if clicked and clicked != viewstate.current().site:
        viewstate.update(site=clicked)
        st.rerun(scope="app")  # the details panel lives outside this fragment
    render_map(view.dataset, view.site_filter, viewstate.current().site, viewstate.session().requested, height, present)
    state = current_state(view.site_filter)
    sync_url(state)
    live_ui.publish(state)
    with st.container(key="map_description"):  # the filters in words; tests find it by this key
        st.caption(plain(describe(view.site_filter, view.found, current_translator())))


def select(site_id: str) -> None:
    """A found site's button: select it (a callback, so the map draws it selected on this run)."""
    viewstate.update(site=site_id)


def map_help(view: FilteredView) -> None:
    """How to use the map without a mouse, and the same sites as a list (the table page)."""
    _ = current_translator().gettext
    state = current_state(view.site_filter, with_view=False).changed(site=None, present=False, scene=None)
    params = {name: values for name, values in to_params(state).items() if values}
    keyboard = _(
        "Keyboard: Tab reaches the markers, Enter opens a site's details; arrow keys move the map, + and − zoom."
    )
    as_list = _("Show these sites as a list")
    # A phone has no keyboard to tab with: the hint shows only where the pointer is fine (a mouse).
    st.html("<style>@media (pointer: coarse) { .st-key-keyboard_hint { display: none !important; } }</style>")
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.container(key="keyboard_hint", width="stretch"):
            st.caption(keyboard)
        st.page_link("pages/table.py", label=as_list, icon=":material/list:", query_params=params or None)


def details_column(view: FilteredView) -> None:
    """The selected site's details; else the search's few finds and a hint; else, nothing found, a way back."""
    _ = current_translator().gettext
    if not view.found:
        # Outside the map's fragment: its callback must rerun the whole page, filters included.
        # The message over the map has a button that clicks this one.
        st.warning(_(NO_MATCH))
        # The button over the map clicks this one, found by its key: keep the key.
        st.button(_("Reset filters"), key="reset_filters", on_click=reset_filters, args=(view.dataset,))
        return
    position = view.dataset.position(viewstate.current().site)
    if position is None:
        if view.site_filter != SiteFilter():
            found_list(view.dataset, view.mask, select)
        st.info(_("Click a site on the map to see what is known about it, and where that knowledge comes from."))
        return
    site = view.dataset.sites.iloc[position]
    site_details(site, view.dataset.claims_of(site["id"]), stale=bool(view.dataset.stale[position]))
    site_buttons(view, site["id"])


def site_buttons(view: FilteredView, site_id: str) -> None:
    """Under the details: the site's own page, and clearing the selection."""
    _ = current_translator().gettext
    language = current_state(view.site_filter, with_view=False).language
    with st.container(horizontal=True):  # not columns: the details column stays the row's last column
        st.page_link(
            "pages/site.py",
            label=_("Site page: history"),
            icon=":material/history:",
            query_params=site_params(site_id, language),
        )
        if st.button(_("Clear selection"), key="clear_site"):
            viewstate.update(site=None)
            st.rerun()
