"""Heritage Map: the entry point. Page set-up and navigation; each page draws its own parts."""

import streamlit as st

st.set_page_config(page_title="Heritage Map", page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
    st.Page("pages/about.py", title="About the data", icon="ℹ️", url_path="about"),
]
st.navigation(PAGES).run()
