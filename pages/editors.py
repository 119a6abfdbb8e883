"""Editor sign-in (and sign-out). Viewers need none of this to use the map."""

import streamlit as st

from heritage.ui.auth import current_editor, sign_in_form, sign_out
from heritage.ui.navigation import within_app
from heritage.ui.text import plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

editor = current_editor()
st.title("Editors", anchor=False)
if editor:
    st.success(f"Signed in as **{plain(editor)}**. The Edit and Import pages are in the menu.")
    st.button("Sign out", on_click=sign_out)
else:
    if st.session_state.pop("reloaded_editor_page", False):
        st.info(
            "The Edit and Import pages need a signed-in editor. A sign-in lasts until the page is reloaded "
            "(it lives in this browser tab's session of the app): sign in again to go on."
        )
    st.caption("Editors record observations and import data. Ask an administrator for an account.")
    sign_in_form()
