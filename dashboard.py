"""Heritage Map: the entry point. Page set-up, navigation and the shared filter sidebar."""

import streamlit as st

from heritage.ui import data as ui_data
from heritage.ui.sidebar import filter_sidebar, seed_from_url

st.set_page_config(page_title="Heritage Map", page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
    st.Page("pages/about.py", title="About the data", icon="ℹ️", url_path="about"),
]
FILTERED_PAGES = {"Map"}

page = st.navigation(PAGES)
dataset = ui_data.dataset()
seed_from_url(dataset)
if page.title in FILTERED_PAGES:
    st.session_state.site_filter = filter_sidebar(dataset)
page.run()
