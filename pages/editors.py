"""Editor sign-in (and sign-out). Viewers need none of this to use the map."""

import streamlit as st

from heritage.ui import session
from heritage.ui.auth import current_editor, sign_in_form, sign_out
from heritage.ui.language import current_translator
from heritage.ui.navigation import within_app
from heritage.ui.text import plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

editor = current_editor()
_ = current_translator().gettext
st.title(_("Editors"), anchor=False)
if editor:
    st.success(_("Signed in as **{name}**. The Edit and Import pages are in the menu.").format(name=plain(editor)))
    st.button(_("Sign out"), on_click=sign_out)
else:
    if session.reloaded_editor_page.pop():
        st.info(
            _(
                "The Edit and Import pages need a signed-in editor. A sign-in lasts until the page is reloaded "
                "(it lives in this browser tab's session of the app): sign in again to go on."
            )
        )
    st.caption(_("Editors record observations and import data. Ask an administrator for an account."))
    sign_in_form()
