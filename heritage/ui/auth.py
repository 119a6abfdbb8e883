"""Who is editing: a password sign-in against `[editors]` in secrets, or OpenID Connect.

Viewers never see editing: the Edit and Import pages are only added to the navigation
for a signed-in editor, so their URLs lead nowhere for anyone else.
"""

from __future__ import annotations

import math
import time
import uuid

import streamlit as st

from heritage.auth import FailedSignIns, check_password, oidc_editor
from heritage.i18n import N_
from heritage.ui import session
from heritage.ui.data import store
from heritage.ui.errors import end_page
from heritage.ui.language import current_translator

WRONG = N_("Wrong name or password.")


@st.cache_resource
def _failed_sign_ins() -> FailedSignIns:
    """One count for every session of this server process, so that a name is slowed down everywhere."""
    return FailedSignIns()


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets.toml at all, or one that cannot be parsed
        return {}


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def current_editor() -> str | None:
    """The signed-in editor's name, or None for a viewer."""
    if session.editor.get():
        return session.editor.get()
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        return oidc_editor(st.user.to_dict(), _secrets_section("oidc_editors").get("emails", []))
    return None


def sign_in_form() -> None:
    _ = current_translator().gettext
    with st.form("sign_in"):
        name = st.text_input(_("Editor name"), key="signin_name")
        password = st.text_input(_("Password"), type="password", key="signin_password")
        if st.form_submit_button(_("Sign in")):
            _try_sign_in(name.strip(), password)
    if oidc_configured():
        st.button(_("Sign in with your organisation's account"), on_click=st.login)


def _try_sign_in(name: str, password: str) -> None:
    """Check one attempt; after failures the next waits longer, per name and per session.

    Every failure reads the same, whether the name exists or not.
    """
    _ = current_translator().gettext
    failures = _failed_sign_ins()
    session_key = "session:" + session.signin_session.setdefault(uuid.uuid4().hex)
    keys = ["name:" + name.lower(), session_key]
    wait = failures.wait(keys, time.monotonic())
    if wait > 0:
        st.error(
            _(WRONG) + " " + _("Too many attempts: try again in {seconds} seconds.").format(seconds=math.ceil(wait))
        )
        return
    if check_password(_secrets_section("editors"), name, password):
        failures.succeeded(keys)
        session.editor.set(name)
        st.rerun()
    failures.failed(keys, time.monotonic())
    st.error(_(WRONG))


def sign_out() -> None:
    session.editor.set(None)
    if getattr(st.user, "is_logged_in", False):
        st.logout()


def require_editor(what: str) -> str:
    """The editor's name; for anyone else (or with no store) a message, and the page stops."""
    editor = current_editor()
    if not editor or store() is None:
        st.error(
            current_translator()
            .gettext("{what} needs a signed-in editor and a reachable store.")
            .format(what=current_translator().gettext(what))
        )
        end_page()
    return editor
