"""The map page: indicator tiles, the map of the filtered sites, and the clicked site's details."""

import streamlit as st

from heritage.filters import describe
from heritage.stats import indicators
from heritage.ui import data as ui_data
from heritage.ui.panels import indicator_tiles, site_details
from heritage.ui.problems import show_problems
from heritage.ui.sidebar import filter_sidebar, show_url_notes
from heritage.ui.sitemap import clicked_site, render_map

dataset = ui_data.dataset()
site_filter = filter_sidebar(dataset)
mask = ui_data.shown_mask(dataset, site_filter)

clicked = clicked_site()
if clicked:
    st.session_state.selected_site = clicked

st.title("Heritage sites of Azerbaijan", anchor=False)
show_url_notes()
show_problems(dataset)
indicator_tiles(indicators(dataset.sites[mask], len(dataset.sites)))

map_column, detail_column = st.columns([2.4, 1])
with map_column:
    render_map(dataset, mask, st.session_state.get("selected_site"), st.session_state.url_state.view)
    st.caption(describe(site_filter, int(mask.sum())))
with detail_column:
    position = dataset.position(st.session_state.get("selected_site"))
    if position is None:
        st.info("Click a site on the map to see what is known about it, and where that knowledge comes from.")
    else:
        site_details(dataset.sites.iloc[position])
