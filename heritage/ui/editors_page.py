"""The editors page's flow: sign in, or sign out. Viewers need none of this to use the map."""

from __future__ import annotations

import streamlit as st

from heritage.i18n import NC_
from heritage.ui import session
from heritage.ui.auth import current_editor, current_role, sign_in_form, sign_out
from heritage.ui.language import current_translator
from heritage.ui.text import plain

# The roles as a person reads them (heritage/roles.py holds what each may do).
ROLE_WORDS = {
    "viewer": NC_("role", "viewer"),
    "editor": NC_("role", "editor: records observations and imports data"),
    "reviewer": NC_("role", "reviewer: also approves or rejects other people's proposals"),
    "admin": NC_("role", "administrator: also reads the audit trail"),
}


def editors_page() -> None:
    """Who is signed in and a way out, or the sign-in form (with why, after a reload signed them out)."""
    editor = current_editor()
    _ = current_translator().gettext
    st.title(_("Editors"), anchor=False)
    if editor:
        st.success(_("Signed in as **{name}**. The Edit and Import pages are in the menu.").format(name=plain(editor)))
        role = current_role()
        st.caption(_("Your role: {role}.").format(role=current_translator().pgettext("role", ROLE_WORDS[role])))
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
