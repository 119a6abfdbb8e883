"""Who is signed in, and in which role: a password sign-in against `[editors]` in secrets, or OpenID Connect.

Viewers never see editing: the Edit and Import pages are only added to the navigation
for a signed-in editor (the Review page for a reviewer, the Audit page for an admin), so
their URLs lead nowhere for anyone else; each page checks the role again (require_role).
The roles' rules are heritage/roles.py; every sign-in, failed or not, goes to the audit trail.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAuthError

from heritage import audit
from heritage.auth import (
    MAX_NAME,
    FailedSignIns,
    SignInOutcome,
    SignInThrottle,
    attempt_sign_in,
    check_password,
    email_key,
)
from heritage.i18n import N_
from heritage.roles import allows, oidc_role, password_role
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


def _secrets() -> dict:
    return {name: _secrets_section(name) for name in ("editors", "roles", "oidc_editors", "oidc_roles")}


def current_person() -> tuple[str | None, str]:
    """The signed-in person's name (an OIDC user's verified address) and role; (None, "viewer") for anyone else."""
    if session.editor.get():
        name = session.editor.get()
        # Signed in against [editors]: at least an editor for this session, whatever [roles] says.
        role = password_role(_secrets(), name)
        return name, role if allows(role, "editor") else "editor"
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        user = st.user.to_dict()
        role = oidc_role(user, _secrets())
        if role == "viewer":
            return None, role
        name = email_key(user.get("email"))
        if session.oidc_recorded.get() != name:  # once per session: the provider's sign-in
            session.oidc_recorded.set(name)
            audit.record(store(), name, "sign-in", f"identity provider, {role}")
        return name, role
    return None, "viewer"


def current_role() -> str:
    return current_person()[1]


def current_editor() -> str | None:
    """The signed-in person's name when they may edit (editor, reviewer or admin), or None for a viewer."""
    name, role = current_person()
    return name if allows(role, "editor") else None


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
        audit.record(store(), name, "sign-in", f"password, {password_role(_secrets(), name)}")
        st.rerun()
    audit.record(store(), name or "(no name)", "sign-in-failed", "password")
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
    name = current_person()[0]
    if name:
        audit.record(store(), name, "sign-out")
    session.editor.set(None)
    session.upload_editor.set(None)
    if getattr(st.user, "is_logged_in", False):
        st.logout()


# What each role's pages say to someone without it (marked here, translated when shown).
NEEDS = {
    "editor": N_("{what} needs a signed-in editor and a reachable store."),
    "reviewer": N_("{what} needs a signed-in reviewer and a reachable store."),
    "admin": N_("{what} needs a signed-in administrator and a reachable store."),
}


def require_role(needed: str, what: str) -> str:
    """The person's name when they hold `needed` (or more); for anyone else (or with no store)
    a message, and the page stops."""
    name, role = current_person()
    if not name or not allows(role, needed) or store() is None:
        _ = current_translator().gettext
        st.error(_(NEEDS[needed]).format(what=_(what)))
        end_page()
    return name


def require_editor(what: str) -> str:
    """The editor's name; for anyone else (or with no store) a message, and the page stops."""
    editor = require_role("editor", what)
    session.upload_editor.set(editor)  # heritage.ui.guards lets this session's uploader upload
    return editor
