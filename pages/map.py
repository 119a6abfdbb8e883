"""The map page: indicator tiles, the map of the filtered sites, and the clicked site's details."""

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
from heritage.ui.navigation import within_app
from heritage.ui.panels import indicator_tiles, site_details
from heritage.ui.presenter import (
    enter_presenter,
    leave_presenter,
    presenter_style,
    save_scene_control,
    scene_controls,
    undo_removal_control,
)
from heritage.ui.problems import show_problems
from heritage.ui.sidebar import dated, filtered_sites, reset_filters, seed_from_url, show_url_notes
from heritage.ui.sitemap import NO_MATCH, clicked_site, on_screen, person_moved_map, render_map, view_around
from heritage.ui.text import plain
from heritage.ui.timeline import changes_list, date_controls
from heritage.ui.urlsync import copy_link_control, current_state, sync_url

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
seed_from_url(dataset)
live_ui.catch_up(dataset)  # a follower takes the presenter's view before the widgets are drawn
site_filter, mask = filtered_sites(dataset)
dataset = dated(dataset, site_filter)  # the record as of the view's date
present = viewstate.current().present
t = current_translator()
_ = t.gettext
found = int(mask.sum())


extent = dataset.bounds or AZERBAIJAN  # the map opens fitted on it
start = view_around(np.array([extent.south, extent.north]), np.array([extent.west, extent.east]))
fit_to_new_filters(dataset, site_filter, mask, view_around, shown=on_screen(), moved=person_moved_map(start))


@st.fragment
@guarded(N_("The map"))  # a fragment reruns without dashboard.py's guard
def map_and_link(height: int) -> None:
    """Panning reruns only this: the URL follows the map; filtering and tiles are untouched."""
    clicked = clicked_site()
    if clicked and clicked != viewstate.current().site:
        viewstate.update(site=clicked)
        st.rerun(scope="app")  # the details panel lives outside this fragment
    render_map(dataset, site_filter, viewstate.current().site, viewstate.session().requested, height, present)
    state = current_state(site_filter)
    sync_url(state)
    live_ui.publish(state)
    with st.container(key="map_description"):  # the filters in words; tests find it by this key
        st.caption(plain(describe(site_filter, found, t)))


def select(site_id: str) -> None:
    viewstate.update(site=site_id)


def map_help() -> None:
    """How to use the map without a mouse, and the same sites as a list (the table page)."""
    state = current_state(site_filter, with_view=False).changed(site=None, present=False, scene=None)
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


def details_column() -> None:
    if not found:
        # Outside the map's fragment: its callback must rerun the whole page, filters included.
        # The message over the map has a button that clicks this one.
        st.warning(_(NO_MATCH))
        # The button over the map clicks this one, found by its key: keep the key.
        st.button(_("Reset filters"), key="reset_filters", on_click=reset_filters, args=(dataset,))
        return
    position = dataset.position(viewstate.current().site)
    if position is None:
        if site_filter != SiteFilter():
            found_list(dataset, mask, select)
        st.info(_("Click a site on the map to see what is known about it, and where that knowledge comes from."))
        return
    site = dataset.sites.iloc[position]
    site_details(site, dataset.claims_of(site["id"]), stale=bool(dataset.stale[position]))
    language = current_state(site_filter, with_view=False).language
    with st.container(horizontal=True):  # not columns: the details column stays the row's last column
        st.page_link(
            "pages/site.py",
            label=_("Site page: history"),
            icon=":material/history:",
            query_params=site_params(site["id"], language),
        )
        if st.button(_("Clear selection"), key="clear_site"):
            viewstate.update(site=None)
            st.rerun()


if present:
    presenter_style()
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.container(width="stretch"):
            scene_controls(dataset)
        st.button(_("Exit presenter mode"), on_click=leave_presenter, width="content")
    date_controls(site_filter)
else:
    st.title(app_title(), anchor=False)
    # Right under the title, so they are there without scrolling on a 1280x720 screen. Copy link
    # copies the address bar, which the map fragment keeps in step with every pan.
    with st.container(horizontal=True, vertical_alignment="center"):
        state = current_state(site_filter)
        copy_link_control(state)
        save_scene_control(state)
        undo_removal_control()
        briefing_button(dataset, site_filter, state)
        st.button(
            _("Present"),
            key="enter_present",
            icon=":material/co_present:",
            on_click=enter_presenter,
            help=_("Full-screen map with large figures, and scenes"),
        )
    show_url_notes()
    show_problems(dataset)

live_ui.live_controls(current_state(site_filter), dataset)
indicator_tiles(ui_data.shown_indicators(dataset, site_filter), large=present)
selected = dataset.position(viewstate.current().site)
if present and selected is None:
    map_and_link(height=680)
    changes_list(dataset, mask, site_filter)
else:
    map_column, detail_column = st.columns([2.4, 1] if not present else [3, 1])
    with map_column:
        if not present:
            map_help()
        map_and_link(height=620 if not present else 680)
        changes_list(dataset, mask, site_filter)
    with detail_column:
        details_column()
live_ui.watch()  # edits, and a followed presenter's changes, appear without a reload
