"""Heritage Map: the entry point. Page set-up and navigation; each page draws its own parts."""

import streamlit as st

st.set_page_config(page_title="Heritage Map", page_icon=":material/map:", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/table.py", title="Sites table", icon=":material/table:", url_path="table"),
    st.Page("pages/progress.py", title="Progress", icon=":material/bar_chart:", url_path="progress"),
    st.Page("pages/site.py", title="Site", icon=":material/account_balance:", url_path="site"),
    st.Page("pages/about.py", title="About the data", icon=":material/info:", url_path="about"),
]
st.navigation(PAGES).run()
