"""The editors page's flow: sign in, or sign out. Viewers need none of this to use the map."""

from __future__ import annotations

import streamlit as st

from heritage.ui import session
from heritage.ui.auth import current_editor, sign_in_form, sign_out
from heritage.ui.language import current_translator
from heritage.ui.text import plain


def editors_page() -> None:
    """Who is signed in and a way out, or the sign-in form (with why, after a reload signed them out)."""
    editor = current_editor()
    _ = current_translator().gettext
    st.title(_("Editors"), anchor=False)
    if editor:
        st.success(_("Signed in as **{name}**. The Edit and Import pages are in the menu.").format(name=plain(editor)))
        st.button(_("Sign out"), on_click=sign_out)
        return
    if session.reloaded_editor_page.pop():
        st.info(
            _(
                "The Edit and Import pages need a signed-in editor. A sign-in lasts until the page is reloaded "
                "(it lives in this browser tab's session of the app): sign in again to go on."
            )
        )
    st.caption(_("Editors record observations and import data. Ask an administrator for an account."))
    sign_in_form()
