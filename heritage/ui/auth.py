"""Who is signed in, and in which role: a password sign-in against `[editors]` in secrets, or OpenID Connect.

Viewers never see editing: the Edit and Import pages are only added to the navigation
for a signed-in editor (the Review page for a reviewer, the Audit page for an admin), so
their URLs lead nowhere for anyone else; each page checks the role again (require_role).
The roles' rules are heritage/roles.py; every sign-in, failed or not, goes to the audit trail.
"""

from __future__ import annotations

import math
import time
import uuid

import streamlit as st

from heritage import audit
from heritage.auth import FailedSignIns, check_password
from heritage.i18n import N_
from heritage.roles import allows, oidc_role, password_role
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
        name = str(user.get("email")).strip().lower()
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
        audit.record(store(), name, "sign-in", f"password, {password_role(_secrets(), name)}")
        st.rerun()
    failures.failed(keys, time.monotonic())
    audit.record(store(), name[:200] or "(no name)", "sign-in-failed", "password")
    st.error(_(WRONG))


def sign_out() -> None:
    name = current_person()[0]
    if name:
        audit.record(store(), name, "sign-out")
    session.editor.set(None)
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
    return require_role("editor", what)
