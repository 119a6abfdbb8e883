"""Editors and their passwords: salted bcrypt hashes kept in `.streamlit/secrets.toml`.

    [editors]
    aysel = "$2b$12$..."

`python -m heritage add-editor NAME` adds or replaces one, asking for the password. The file
is edited with tomlkit so that every other line (the `[auth]` OIDC settings, comments) stays
exactly as it was, and it is replaced atomically so that a failed write never leaves half a
file (which would silently lock every editor out).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

import bcrypt
import tomlkit
from tomlkit.exceptions import TOMLKitError

SECRETS = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"
# A TOML bare key, lower case: no '.', which TOML reads as a nested table, and no quotes.
NAME = re.compile(r"^[a-z0-9_-]{2,40}$")
MIN_PASSWORD = 10
BCRYPT_MAX_BYTES = 72  # bcrypt reads no further; newer versions raise instead of truncating
BCRYPT_HASH = re.compile(r"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")


def _password_bytes(password: str) -> bytes:
    """The bytes bcrypt sees: at most 72, as every bcrypt implementation has always used."""
    return password.encode("utf-8")[:BCRYPT_MAX_BYTES]


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_password_bytes(password), bcrypt.gensalt()).decode("ascii")


# Checked against for unknown names, so that a wrong name costs what a wrong password costs
# (the cost factor, 12, is hash_password's) and names cannot be found by timing. Written out
# rather than computed: hashing it cost every server start half a second of CPU. Never a
# match: check_password accepts only an editor's own stored hash.
_DUMMY_HASH = b"$2b$12$U3roIpLyV66vj8vmJG.EhuyJhifU3R.7zTTQZwAZnyfzFxGLzGvZ6"


def is_bcrypt_hash(value: object) -> bool:
    return isinstance(value, str) and bool(BCRYPT_HASH.match(value))


def check_password(editors: object, name: str, password: str) -> bool:
    """True only for a known editor with the right password; never raises.

    An unknown name, or a stored value that is not a well-formed bcrypt hash, is checked
    against the dummy hash (same cost) and never matches.
    """
    stored = editors.get(name) if isinstance(editors, dict) else None
    real = is_bcrypt_hash(stored)
    candidate = stored.encode("ascii") if real else _DUMMY_HASH
    try:
        matches = bcrypt.checkpw(_password_bytes(str(password)), candidate)
    except ValueError:  # a hash that passed the pattern but bcrypt still refuses
        return False
    return matches and real


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise ValueError("An editor name is 2 to 40 lower-case letters, digits, '_' or '-'.")


def add_editor(name: str, password: str, path: Path = SECRETS) -> None:
    """Write one `[editors]` entry, keeping every other line of the file as it was."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"A password has at least {MIN_PASSWORD} characters.")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ValueError(f"{path.name} cannot be read as TOML ({error}); nothing was written.") from None
    editors = document.get("editors")
    if editors is None:
        editors = tomlkit.table()
        document.add("editors", editors)
    elif not isinstance(editors, dict):
        raise ValueError(f"'editors' in {path.name} is not a table; nothing was written.")
    editors[name] = hash_password(password)
    _replace(path, tomlkit.dumps(document))


def _replace(path: Path, text: str) -> None:
    """Write to a private temporary file beside the target, then rename it over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")  # created 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class FailedSignIns:
    """Failed sign-ins per key (a name, a session), and how long the next attempt must wait.

    The wait doubles with each failure, from 1 second to at most `MAX_WAIT`, and a success
    clears it. Kept in this process only: behind a load balancer each copy counts its own,
    which still turns guessing from thousands of tries a minute into a handful.
    """

    MAX_WAIT = 60.0
    MAX_KEYS = 10_000  # a flood of made-up names cannot grow this without limit

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, time of the last)

    def wait(self, keys: list[str], now: float) -> float:
        """Seconds before any of these keys may try again; 0 when they may now."""
        recorded = [self._failures.get(key, (0, now)) for key in keys]
        waits = [last + self._delay(count) - now for count, last in recorded if count]
        return max([0.0, *waits])

    def failed(self, keys: list[str], now: float) -> None:
        for key in keys:
            count, _ = self._failures.pop(key, (0, now))
            self._failures[key] = (count + 1, now)
        while len(self._failures) > self.MAX_KEYS:
            del self._failures[next(iter(self._failures))]  # the longest-idle key

    def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _delay(self, count: int) -> float:
        return min(2.0 ** (count - 1), self.MAX_WAIT)


def email_key(address: object) -> str:
    """An address as compared: NFKC-normalised and case-folded (`Aysel@X` and `aysel@x` are one).

    `str.lower()` alone is not enough: it leaves full-width and compatibility forms apart
    from their plain letters, and folds some letters (the Kelvin sign) only after NFKC.
    """
    return unicodedata.normalize("NFKC", str(address or "").strip()).casefold()


def oidc_editor(user: dict, allowed_emails: object) -> str | None:
    """The editor's address (as listed) for a signed-in OIDC user on the list, with a verified address.

    An identity provider may let anyone claim any address; only `email_verified = true`
    says the provider checked it. An address with letters outside ASCII never matches an
    ASCII entry of the list, even when it folds to it: `\u212aamran@...` (a Kelvin sign)
    is a look-alike of `kamran@...`, not the same mailbox.
    """
    if user.get("email_verified") not in (True, "true"):  # some providers send a string
        return None
    email = str(user.get("email") or "").strip()
    key = email_key(email)
    listed = allowed_emails if isinstance(allowed_emails, list) else []
    for entry in listed:
        if key and email_key(entry) == key and (email.isascii() or not str(entry).strip().isascii()):
            return email_key(entry)
    return None
