"""Make sure a page always runs inside dashboard.py's navigation.

Streamlit still has its first multipage mode: while no session has run the entry point,
a session that opens on a page's URL (say /site?site=az-2, a shared permalink) runs the
file in pages/ on its own, with an automatic menu listing every file. Each page calls
this first: it switches that mode off and reruns, so the entry point's navigation (and
its page set-up, and the editor-only pages rule) applies from the first request.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from heritage.ui import session


def entered() -> None:
    """Called by dashboard.py before it runs a page."""
    session.entered_through_dashboard.set(True)


def within_app() -> None:
    if not session.entered_through_dashboard.get():
        PagesManager.uses_pages_directory = False
        st.rerun()
