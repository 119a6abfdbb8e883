"""Heritage Map: the entry point. Page set-up and navigation; each page draws its own parts."""

import streamlit as st

from heritage.ui.auth import current_editor
from heritage.ui.errors import page_errors
from heritage.ui.navigation import entered

st.set_page_config(page_title="Heritage Map", page_icon=":material/map:", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/table.py", title="Sites table", icon=":material/table:", url_path="table"),
    st.Page("pages/progress.py", title="Progress", icon=":material/bar_chart:", url_path="progress"),
    st.Page("pages/site.py", title="Site", icon=":material/account_balance:", url_path="site"),
    st.Page("pages/about.py", title="About the data", icon=":material/info:", url_path="about"),
    st.Page("pages/editors.py", title="Editors", icon=":material/login:", url_path="editors"),
]
# Only a signed-in editor gets these pages; for anyone else their URLs do not exist.
EDITOR_PAGES = [
    st.Page("pages/edit.py", title="Edit", icon=":material/edit:", url_path="edit"),
    st.Page("pages/import.py", title="Import", icon=":material/upload:", url_path="import"),
]
navigation = st.navigation(PAGES + (EDITOR_PAGES if current_editor() else []))
entered()
with page_errors(f"The {navigation.title} page"):
    navigation.run()
