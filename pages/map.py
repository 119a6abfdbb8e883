"""The map page: indicator tiles, the map of the filtered sites, and the clicked site's details.

The map is drawn first and the rest after it (heritage/ui/firstpaint.py): the filters' values
are read before their boxes, and the title bar goes into a place kept above the map.
"""

import streamlit as st

from heritage.ui import data as ui_data
from heritage.ui import live as live_ui
from heritage.ui import viewstate
from heritage.ui.firstpaint import header_slot, map_first
from heritage.ui.language import current_translator
from heritage.ui.map_page import details_column, fit_to_the_filters, header, map_and_link, map_column
from heritage.ui.navigation import within_app
from heritage.ui.presenter import presenter_style
from heritage.ui.sidebar import draw_filters, held_view, seed_from_url
from heritage.ui.timeline import changes_list

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
page_load = not viewstate.opened()  # the session's first run: a link just opened
seed_from_url(dataset)
live_ui.catch_up(dataset)  # a follower takes the presenter's view before the widgets are drawn
view = held_view(dataset)
fit_to_the_filters(view)
state = viewstate.current()
full_width = state.present and view.dataset.position(state.site) is None

if state.present:
    presenter_style()  # before the map: it sets the page's margins
top = header_slot(state.present, current_translator().language)
with map_first(page_load):
    if full_width:
        map_and_link(view, height=680, present=True)
        changes_list(view.dataset, view.mask, view.site_filter)
    else:
        left, right = st.columns([2.4, 1] if not state.present else [3, 1])
        with left:
            map_column(state, view)
with top:
    header(state, view)
if not full_width:
    with right:
        details_column(view)
draw_filters(dataset)
live_ui.watch()  # edits, and a followed presenter's changes, appear without a reload
