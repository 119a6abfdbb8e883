"""Editor passwords: salted hashes, and a secrets file edited without losing anything."""

from __future__ import annotations

import os
import tomllib

import bcrypt
import pytest

from heritage import auth
from heritage.auth import FailedSignIns, add_editor, check_password, hash_password

SECRETS_WITH_OIDC = """\
# Sign-in settings for the dashboard
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
client_secret = "s3cret"  # from the identity provider

[oidc_editors]
emails = ["aysel@example.gov.az"]

[editors]  # password editors
old = "$2b$12$abcdefghijklmnopqrstuuJ8mQ3p2gL3N2gBPZ4hYBTgJHS7yAO1a"
"""


def test_hashes_are_salted_and_checked():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("$2")
    editors = {"aysel": first}
    assert check_password(editors, "aysel", "correct horse battery")
    assert not check_password(editors, "aysel", "wrong password!!")
    assert not check_password(editors, "nobody", "correct horse battery")
    assert not check_password({"broken": "plain-text"}, "broken", "plain-text")


@pytest.mark.parametrize(
    "stored",
    [
        "not-a-user",  # the old code compared such a value against a hash of "not-a-user"
        "$2b$12$short",
        "$2b$99$" + "a" * 53,
        "$2x$12$" + "a" * 53,
        12345,
        None,
    ],
)
def test_a_stored_value_that_is_not_a_bcrypt_hash_never_matches_and_never_raises(stored):
    for password in ("not-a-user", "", "x" * 200, str(stored)):
        assert check_password({"broken": stored}, "broken", password) is False


def test_passwords_over_72_bytes_are_checked_not_raised():
    long_password = "ə" * 60  # 120 bytes in UTF-8
    stored = hash_password(long_password)
    assert check_password({"aysel": stored}, "aysel", long_password)
    assert not check_password({"aysel": stored}, "aysel", "a" * 100)


def test_unknown_names_cost_the_same_as_known_ones(monkeypatch):
    """One bcrypt check per attempt, against a precomputed hash of the same cost; no hashing."""
    known = hash_password("the right password")
    checked: list[bytes] = []
    real_checkpw = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: checked.append(h) or real_checkpw(pw, h))
    monkeypatch.setattr(bcrypt, "hashpw", lambda *a: pytest.fail("hashed during a check"))
    assert not check_password({"aysel": known}, "nobody", "the right password")
    assert not check_password({"aysel": known}, "aysel", "a wrong password")
    assert len(checked) == 2
    assert checked[0][:7] == checked[1][:7] == known.encode()[:7]  # "$2b$12$": same cost factor


def test_add_editor_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n', encoding="utf-8")
    add_editor("aysel", "a long password", path)
    add_editor("rashad", "another long one", path)
    add_editor("aysel", "a changed password", path)
    secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    assert secrets["auth"]["redirect_uri"].endswith("oauth2callback")
    assert set(secrets["editors"]) == {"aysel", "rashad"}
    assert check_password(secrets["editors"], "aysel", "a changed password")


@pytest.mark.parametrize("name", ["client_secret", "emails", "redirect_uri"])
def test_an_editor_named_like_another_key_changes_only_editors(tmp_path, name):
    path = tmp_path / "secrets.toml"
    path.write_text(SECRETS_WITH_OIDC, encoding="utf-8")
    add_editor(name, "a long password", path)
    text = path.read_text(encoding="utf-8")
    secrets = tomllib.loads(text)
    assert secrets["auth"] == {"redirect_uri": "http://localhost:8501/oauth2callback", "client_secret": "s3cret"}
    assert secrets["oidc_editors"] == {"emails": ["aysel@example.gov.az"]}
    assert set(secrets["editors"]) == {"old", name}
    assert text.count("[editors]") == 1  # the commented header is reused, not duplicated
    assert text.startswith(SECRETS_WITH_OIDC)  # every earlier line kept, comments included


def test_a_new_file_is_created_private(tmp_path):
    path = tmp_path / ".streamlit" / "secrets.toml"
    add_editor("aysel", "a long password", path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert set(tomllib.loads(path.read_text(encoding="utf-8"))["editors"]) == {"aysel"}


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    path.write_text(SECRETS_WITH_OIDC, encoding="utf-8")

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        add_editor("aysel", "a long password", path)
    assert path.read_text(encoding="utf-8") == SECRETS_WITH_OIDC
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.toml"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "password"),
    [("Aysel Ə", "a long password"), ("aysel", "short"), ("a.b", "a long password"), ('a"b', "a long password")],
)
def test_add_editor_refuses_bad_names_and_short_passwords(tmp_path, name, password):
    with pytest.raises(ValueError):
        add_editor(name, password, tmp_path / "secrets.toml")
    assert not (tmp_path / "secrets.toml").exists()


def test_dotted_names_are_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(SECRETS_WITH_OIDC, encoding="utf-8")
    with pytest.raises(ValueError, match="lower-case letters"):
        add_editor("a.b", "a long password", path)
    assert path.read_text(encoding="utf-8") == SECRETS_WITH_OIDC


def test_the_wait_doubles_per_failure_up_to_a_minute_and_a_success_clears_it():
    failures = FailedSignIns()
    assert failures.wait(["name:aysel"], now=100.0) == 0.0
    for count, expected in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0)):
        failures.failed(["name:aysel", "session:s1"], now=100.0)
        assert failures.wait(["name:aysel"], now=100.0) == expected, count
    assert failures.wait(["name:rashad", "session:s1"], now=100.0) == 8.0  # the session carries it
    assert failures.wait(["name:rashad", "session:s2"], now=100.0) == 0.0
    assert failures.wait(["name:aysel"], now=105.0) == 3.0
    for _ in range(10):
        failures.failed(["name:aysel"], now=200.0)
    assert failures.wait(["name:aysel"], now=200.0) == 60.0
    failures.succeeded(["name:aysel", "session:s1"])
    assert failures.wait(["name:aysel", "session:s1"], now=200.0) == 0.0


def test_made_up_names_cannot_grow_the_count_without_limit():
    failures = FailedSignIns()
    for number in range(FailedSignIns.MAX_KEYS + 500):
        failures.failed([f"name:guess{number}"], now=1.0)
    assert len(failures._failures) == 10_000


def test_the_dummy_hash_for_unknown_names_costs_what_a_real_hash_costs():
    """Written out to spare every start a bcrypt hash; its cost factor must stay the real one."""
    assert auth._DUMMY_HASH.decode().split("$")[2] == auth.hash_password("x").split("$")[2] == "12"
    assert auth.is_bcrypt_hash(auth._DUMMY_HASH.decode())


@pytest.mark.parametrize(
    ("email", "editor"),
    [
        ("kamran@culture.gov.az", "kamran@culture.gov.az"),
        ("  Kamran@Culture.GOV.az ", "kamran@culture.gov.az"),
        ("\u212aamran@culture.gov.az", None),  # KELVIN SIGN, folds to k after NFKC
        ("\uff4bamran@culture.gov.az", None),  # FULLWIDTH LATIN SMALL LETTER K
        ("kamran@culture.gov.a\u0437", None),  # CYRILLIC SMALL LETTER ZE
        ("kamr\u0430n@culture.gov.az", None),  # CYRILLIC SMALL LETTER A: folds to nothing listed
        ("KAMRAN@CULTURE.GOV.AZ", "kamran@culture.gov.az"),
        ("aysel@culture.gov.az", None),
        ("", None),
    ],
)
def test_oidc_editor_compares_folded_addresses_and_refuses_look_alikes(email, editor):
    from heritage.auth import oidc_editor

    user = {"email": email, "email_verified": True}
    assert oidc_editor(user, ["Kamran@culture.gov.az"]) == editor


def test_oidc_editor_matches_a_listed_non_ascii_address_in_any_case_and_form():
    from heritage.auth import oidc_editor

    listed = ["\u0130lkin@t\u0259hsil.az"]  # İlkin@təhsil.az
    signed_in = {"email": "\u0130lkin@T\u018fhsil.AZ", "email_verified": True}  # İlkin@TƏhsil.AZ
    assert oidc_editor(signed_in, listed) == "i\u0307lkin@t\u0259hsil.az"
    assert oidc_editor({"email": "\u0130lkin@t\u0259hsil.az", "email_verified": "false"}, listed) is None


def test_without_a_store_fifty_simultaneous_guesses_still_reach_the_check_once():
    import threading

    from heritage.auth import attempt_sign_in

    failures = FailedSignIns()
    checked = []
    start = threading.Barrier(50)

    def guess(number: int) -> None:
        start.wait()
        attempt_sign_in(failures, ["name:aysel", f"session:{number}"], lambda: checked.append(number) or False)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 1
