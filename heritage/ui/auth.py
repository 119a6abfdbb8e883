"""Who is editing: a password sign-in against `[editors]` in secrets, or OpenID Connect.

Viewers never see editing: the Edit and Import pages are only added to the navigation
for a signed-in editor, so their URLs lead nowhere for anyone else.
"""

from __future__ import annotations

import streamlit as st

from heritage.auth import check_password
from heritage.ui.data import store


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets.toml at all, or one that cannot be parsed
        return {}


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def current_editor() -> str | None:
    """The signed-in editor's name, or None for a viewer."""
    if st.session_state.get("editor"):
        return st.session_state.editor
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        allowed = {e.lower() for e in _secrets_section("oidc_editors").get("emails", [])}
        email = str(st.user.get("email") or "").lower()
        if email and email in allowed:
            return email
    return None


def sign_in_form() -> None:
    with st.form("sign_in"):
        name = st.text_input("Editor name", key="signin_name")
        password = st.text_input("Password", type="password", key="signin_password")
        if st.form_submit_button("Sign in"):
            if check_password(_secrets_section("editors"), name.strip(), password):
                st.session_state.editor = name.strip()
                st.rerun()
            st.error("That name and password do not match an editor.")
    if oidc_configured():
        st.button("Sign in with your organisation's account", on_click=st.login)


def sign_out() -> None:
    st.session_state.editor = None
    if getattr(st.user, "is_logged_in", False):
        st.logout()


def require_editor(what: str) -> str:
    """The editor's name; for anyone else (or with no store) a message, and the page stops."""
    editor = current_editor()
    if not editor or store() is None:
        st.error(f"{what} needs a signed-in editor and a reachable store.")
        st.stop()
    return editor
