"""Editors and their passwords: salted bcrypt hashes kept in `.streamlit/secrets.toml`.

    [editors]
    aysel = "$2b$12$..."

`python -m heritage add-editor NAME` adds or replaces one, asking for the password.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import bcrypt

SECRETS = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"
NAME = re.compile(r"^[a-z0-9_.-]{2,40}$")
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def check_password(editors: dict, name: str, password: str) -> bool:
    """True only for a known editor with the right password; same cost for unknown names."""
    stored = editors.get(name) if isinstance(editors, dict) else None
    candidate = stored if isinstance(stored, str) and stored.startswith("$2") else hash_password("not-a-user")
    matches = bcrypt.checkpw(password.encode("utf-8"), candidate.encode("ascii"))
    return matches and stored is not None


def add_editor(name: str, password: str, path: Path = SECRETS) -> None:
    """Write one `[editors]` entry, keeping everything else in the file as it was."""
    if not NAME.match(name):
        raise ValueError("An editor name is 2 to 40 lower-case letters, digits, '.', '_' or '-'.")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"A password has at least {MIN_PASSWORD} characters.")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    tomllib.loads(text)  # refuse to touch a file we cannot read back
    line = f'{name} = "{hash_password(password)}"'
    lines = [existing for existing in text.splitlines() if not re.match(rf"^\s*{re.escape(name)}\s*=", existing)]
    if "[editors]" in (stripped := [existing.strip() for existing in lines]):
        lines.insert(stripped.index("[editors]") + 1, line)
    else:
        lines += ["", "[editors]", line]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).lstrip("\n") + "\n", encoding="utf-8")
    path.chmod(0o600)
