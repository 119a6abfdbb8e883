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
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
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


MAX_NAME = 40  # NAME's limit: a longer name is refused before anything is counted or kept


class SignInThrottle:
    """How long the next sign-in must wait after failures: doubling from 1 s to at most `MAX_WAIT`.

    `reserve` is the one door: it answers the wait, and when there is none it counts the
    attempt as a failure *before* the password is checked, so guesses sent at once cannot all
    reach bcrypt; `succeeded` clears the keys. Kept in the store (heritage.signins.StoreSignIns,
    shared by every copy and session) or, when the store does not answer, in this process.
    """

    MAX_WAIT = 60.0

    def reserve(self, keys: list[str], now: float) -> float:
        raise NotImplementedError

    def succeeded(self, keys: list[str]) -> None:
        raise NotImplementedError

    def _delay(self, count: int) -> float:
        return min(2.0 ** (count - 1), self.MAX_WAIT)


class FailedSignIns(SignInThrottle):
    """Failed sign-ins per key (a name, a session) in this process: the fallback without a store."""

    MAX_KEYS = 10_000  # a flood of made-up names cannot grow this without limit

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, time of the last)
        self._lock = threading.Lock()

    def wait(self, keys: list[str], now: float) -> float:
        """Seconds before any of these keys may try again; 0 when they may now."""
        recorded = [self._failures.get(key, (0, now)) for key in keys]
        waits = [last + self._delay(count) - now for count, last in recorded if count]
        return max([0.0, *waits])

    def reserve(self, keys: list[str], now: float) -> float:
        """The wait; when there is none, the attempt is counted as failed until `succeeded` says otherwise."""
        with self._lock:
            wait = self.wait(keys, now)
            if wait <= 0:
                self.failed(keys, now)
            return wait

    def failed(self, keys: list[str], now: float) -> None:
        for key in keys:
            count, _ = self._failures.pop(key, (0, now))
            self._failures[key] = (count + 1, now)
        while len(self._failures) > self.MAX_KEYS:
            del self._failures[next(iter(self._failures))]  # the longest-idle key

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class SignInOutcome:
    signed_in: bool
    wait: float = 0.0  # seconds to wait before trying again; 0 when the attempt was checked


def attempt_sign_in(throttle: SignInThrottle, keys: list[str], check: Callable[[], bool]) -> SignInOutcome:
    """Reserve the attempt, then check the password (the costly part), then clear on success."""
    wait = throttle.reserve(keys, time.time())
    if wait > 0:
        return SignInOutcome(False, wait)
    if check():
        throttle.succeeded(keys)
        return SignInOutcome(True)
    return SignInOutcome(False)


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
