"""The map page: indicator tiles, the map of the filtered sites, and the clicked site's details."""

import streamlit as st

from heritage.filters import describe
from heritage.ui import data as ui_data
from heritage.ui import live as live_ui
from heritage.ui import viewstate
from heritage.ui.briefing import briefing_button
from heritage.ui.errors import guarded
from heritage.ui.navigation import within_app
from heritage.ui.panels import indicator_tiles, site_details
from heritage.ui.presenter import enter_presenter, leave_presenter, presenter_style, save_scene_control, scene_controls
from heritage.ui.problems import show_problems
from heritage.ui.sidebar import filtered_sites, seed_from_url, show_url_notes
from heritage.ui.sitemap import clicked_site, render_map
from heritage.ui.text import plain
from heritage.ui.urlsync import copy_link_control, current_state, sync_url

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
seed_from_url(dataset)
live_ui.catch_up(dataset)  # a follower takes the presenter's view before the widgets are drawn
site_filter, mask = filtered_sites(dataset)
present = viewstate.current().present


@st.fragment
@guarded("The map")  # a fragment reruns without dashboard.py's guard
def map_and_link(height: int) -> None:
    """Panning reruns only this: the URL follows the map; filtering and tiles are untouched."""
    clicked = clicked_site()
    if clicked and clicked != viewstate.current().site:
        viewstate.update(site=clicked)
        st.rerun(scope="app")  # the details panel lives outside this fragment
    render_map(dataset, site_filter, viewstate.current().site, viewstate.session().requested, height)
    state = current_state(site_filter)
    sync_url(state)
    live_ui.publish(state)
    # Built here, not above the map, so that a pan (a rerun of this fragment only) updates them.
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(plain(describe(site_filter, int(mask.sum()))), width="stretch")
        if not present:
            copy_link_control(state)
            save_scene_control(state)
            briefing_button(dataset, site_filter, state)


def details_column() -> None:
    position = dataset.position(viewstate.current().site)
    if position is None:
        st.info("Click a site on the map to see what is known about it, and where that knowledge comes from.")
        return
    site = dataset.sites.iloc[position]
    site_details(site, dataset.claims_of(site["id"]))
    if st.button("Clear selection", key="clear_site"):
        viewstate.update(site=None)
        st.rerun()


if present:
    presenter_style()
    top, exit_column = st.columns([8, 1], vertical_alignment="center")
    with top:
        scene_controls(dataset)
    exit_column.button("Exit presenter mode", on_click=leave_presenter, width="stretch")
else:
    title, actions = st.columns([3, 2], vertical_alignment="bottom")
    title.title("Heritage sites of Azerbaijan", anchor=False)
    with actions:
        buttons = st.container(horizontal=True, horizontal_alignment="right")
        with buttons:
            st.button(
                "Present",
                icon=":material/co_present:",
                on_click=enter_presenter,
                help="Full-screen map with large figures, and scenes",
            )
    show_url_notes()
    show_problems(dataset)

live_ui.live_controls(current_state(site_filter), dataset)
indicator_tiles(ui_data.shown_indicators(dataset, site_filter), large=present)
selected = dataset.position(viewstate.current().site)
if present and selected is None:
    map_and_link(height=680)
else:
    map_column, detail_column = st.columns([2.4, 1] if not present else [3, 1])
    with map_column:
        map_and_link(height=620 if not present else 680)
    with detail_column:
        details_column()
live_ui.watch()  # edits, and a followed presenter's changes, appear without a reload
