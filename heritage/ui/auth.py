"""Who is editing: a password sign-in against `[editors]` in secrets, or OpenID Connect.

Viewers never see editing: the Edit and Import pages are only added to the navigation
for a signed-in editor, so their URLs lead nowhere for anyone else.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAuthError

from heritage.auth import (
    MAX_NAME,
    FailedSignIns,
    SignInOutcome,
    SignInThrottle,
    attempt_sign_in,
    check_password,
    oidc_editor,
)
from heritage.i18n import N_
from heritage.signins import StoreSignIns
from heritage.store import StoreError
from heritage.ui import session
from heritage.ui.data import store
from heritage.ui.errors import LOG, end_page
from heritage.ui.language import current_translator

WRONG = N_("Wrong name or password.")
OIDC_MISCONFIGURED = N_(
    "Signing in with your organisation's account is not set up correctly on this server; tell the administrator."
)


@st.cache_resource
def _failed_sign_ins() -> FailedSignIns:
    """The count when the store does not answer: one for every session of this server process."""
    return FailedSignIns()


def _throttle() -> SignInThrottle:
    """The store's count (shared by every copy and session) when it answers, else this process's."""
    shared = store()
    return StoreSignIns(shared) if shared is not None else _failed_sign_ins()


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
        # Streamlit cuts a longer value on the server too; one character more than a name may
        # hold, so that an over-long name is said to be too long rather than silently cut.
        name = st.text_input(_("Editor name"), key="signin_name", max_chars=MAX_NAME + 1)
        password = st.text_input(_("Password"), type="password", key="signin_password")
        if st.form_submit_button(_("Sign in")):
            _try_sign_in(name.strip(), password)
    if oidc_configured() and st.button(_("Sign in with your organisation's account")):
        _organisation_sign_in()


def _organisation_sign_in() -> None:
    """Hand over to the identity provider (st.login); a misconfigured `[auth]` is one sentence.

    Called in the page's run, not as a button callback: a callback runs outside the page's
    error guard, where Streamlit's error (a missing setting, no Authlib) blanked the page.
    """
    try:
        st.login()
    except StreamlitAuthError as error:
        reason = " ".join(str(error).split())[:300]  # names the missing settings, never their values
        LOG.warning("Sign-in with the organisation's account is not set up correctly: %s", reason)
        st.error(current_translator().gettext(OIDC_MISCONFIGURED))


def _try_sign_in(name: str, password: str) -> None:
    """Check one attempt; after failures the next waits longer, per name and per session.

    Every failure reads the same, whether the name exists or not. A name longer than any
    editor's is refused before anything is counted or kept.
    """
    _ = current_translator().gettext
    if len(name) > MAX_NAME:
        st.error(_(WRONG) + " " + _("An editor name has at most {count} characters.").format(count=MAX_NAME))
        return
    session_key = "session:" + session.signin_session.setdefault(uuid.uuid4().hex)
    keys = ["name:" + name.lower(), session_key]
    outcome = _attempt(keys, lambda: check_password(_secrets_section("editors"), name, password))
    if outcome.signed_in:
        session.editor.set(name)
        st.rerun()
    if outcome.wait > 0:
        too_many = _("Too many attempts: try again in {seconds} seconds.").format(seconds=math.ceil(outcome.wait))
        st.error(_(WRONG) + " " + too_many)
        return
    st.error(_(WRONG))


def _attempt(keys: list[str], check: Callable[[], bool]) -> SignInOutcome:
    """One attempt through the store's throttle; this process's when the store cannot be written."""
    try:
        return attempt_sign_in(_throttle(), keys, check)
    except StoreError:  # read-only or stopped answering just now
        return attempt_sign_in(_failed_sign_ins(), keys, check)


def sign_out() -> None:
    session.editor.set(None)
    session.upload_editor.set(None)
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
    session.upload_editor.set(editor)  # heritage.ui.guards lets this session's uploader upload
    return editor
