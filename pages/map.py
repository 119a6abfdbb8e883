"""The map page: indicator tiles, the map of the filtered sites, and the clicked site's details."""

import streamlit as st

from heritage.ui import data as ui_data
from heritage.ui import live as live_ui
from heritage.ui import viewstate
from heritage.ui.map_page import details_column, fit_to_the_filters, header, map_and_link, map_column
from heritage.ui.navigation import within_app
from heritage.ui.sidebar import filtered_view, seed_from_url
from heritage.ui.timeline import changes_list

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
seed_from_url(dataset)
live_ui.catch_up(dataset)  # a follower takes the presenter's view before the widgets are drawn
view = filtered_view(dataset)
fit_to_the_filters(view)
state = viewstate.current()

header(state, view)
if state.present and view.dataset.position(viewstate.current().site) is None:  # after the header's controls
    map_and_link(view, height=680, present=True)
    changes_list(view.dataset, view.mask, view.site_filter)
else:
    left, right = st.columns([2.4, 1] if not state.present else [3, 1])
    with left:
        map_column(state, view)
    with right:
        details_column(view)
live_ui.watch()  # edits, and a followed presenter's changes, appear without a reload
