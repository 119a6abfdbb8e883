"""Who may do what: four roles, each including the ones before it.

    viewer   reads the map, the figures and the exports (everyone; no sign-in)
    editor   records observations and imports data
    reviewer approves or rejects another person's proposals (HERITAGE_REVIEW=required)
    admin    reads the audit trail

Password editors are listed in `[editors]` (name = bcrypt hash) and are editors unless
`[roles]` gives them another role (`rauf = "reviewer"`). People signing in through the
identity provider (OIDC) are editors when their verified address is in `[oidc_editors]`
`emails` (as before), and take the highest role whose list in `[oidc_roles]` holds their
address or one of their groups (the ID token's `groups` claim, or the claim named by
`group_claim`). Pure functions over the secrets, so the rules are tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

from heritage.auth import email_key, oidc_editor

ROLES = ("viewer", "editor", "reviewer", "admin")


def rank(role: str | None) -> int:
    """0 for a viewer (or anything unknown), up to 3 for an admin."""
    return ROLES.index(role) if role in ROLES else 0


def allows(role: str | None, needed: str) -> bool:
    """Whether `role` may do what `needed` may: an admin reviews, a reviewer edits."""
    return rank(role) >= rank(needed)


def _table(secrets: Mapping, name: str) -> Mapping:
    value = secrets.get(name) if isinstance(secrets, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def password_role(secrets: Mapping, name: str) -> str:
    """The role of a password account: "editor" unless `[roles]` says another; "viewer" if unknown.

    A misspelt role gives no more than an editor's rights, never an admin's.
    """
    if name not in _table(secrets, "editors"):
        return "viewer"
    given = str(_table(secrets, "roles").get(name, "editor")).strip().lower()
    return given if given in ROLES[1:] else "editor"


def oidc_role(user: Mapping, secrets: Mapping) -> str:
    """The role of a signed-in OIDC user: the highest list holding their verified address or a group.

    Addresses are matched by heritage.auth.oidc_editor (verified only; NFKC and case folded; a
    look-alike outside ASCII never matches an ASCII entry); groups by their case-folded name.
    """
    lists = _table(secrets, "oidc_roles")
    claim = str(lists.get("group_claim") or "groups")
    groups = user.get(claim) or []
    groups = {email_key(g) for g in (groups if isinstance(groups, list | tuple) else [groups])}
    editors = _table(secrets, "oidc_editors").get("emails", [])
    found = "editor" if oidc_editor(dict(user), editors) else "viewer"
    for role in ROLES[1:]:
        members = lists.get(role + "s", [])
        members = [str(m) for m in members] if isinstance(members, list) else []
        addresses = [m for m in members if "@" in m]
        if oidc_editor(dict(user), addresses) or groups & {email_key(m) for m in members if "@" not in m}:
            found = role if rank(role) > rank(found) else found
    return found


def named_role(secrets: Mapping, name: str) -> str:
    """The role a name holds offline (the command line): a password account's, or an address on a list."""
    role = password_role(secrets, name)
    if role != "viewer" or "@" not in name:
        return role
    return oidc_role({"email": name, "email_verified": True}, secrets)


def anyone_named(secrets: Mapping) -> bool:
    """Whether the secrets name any person: without, a one-person set-up's commands are not checked."""
    return bool(_table(secrets, "editors") or _table(secrets, "oidc_editors") or _table(secrets, "oidc_roles"))


def read_secrets() -> dict:
    """`.streamlit/secrets.toml` as the command line reads it ({} when absent or unreadable)."""
    import tomllib

    from heritage import auth

    try:
        return tomllib.loads(auth.SECRETS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def command_refusal(name: str, needed: str, secrets: Mapping | None = None) -> str | None:
    """Why `name` may not act as `needed` from the command line, or None when they may.

    The command line runs on the server, so it is not a sign-in; but a name written into
    the record must hold the role. A set-up that names nobody in its secrets (one person,
    no accounts) is not checked, as before roles existed.
    """
    secrets = read_secrets() if secrets is None else secrets
    if not anyone_named(secrets):
        return None
    role = named_role(secrets, name)
    if allows(role, needed):
        return None
    where = "[roles] in .streamlit/secrets.toml"
    return f"{name[:100]} holds the {role} role here; this needs the {needed} role (see {where})."
