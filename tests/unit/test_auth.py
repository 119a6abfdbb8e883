"""Editor passwords: salted hashes, and a secrets file edited without losing anything."""

from __future__ import annotations

import tomllib

import pytest

from heritage.auth import add_editor, check_password, hash_password


def test_hashes_are_salted_and_checked():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("$2")
    editors = {"aysel": first}
    assert check_password(editors, "aysel", "correct horse battery")
    assert not check_password(editors, "aysel", "wrong password!!")
    assert not check_password(editors, "nobody", "correct horse battery")
    assert not check_password({"broken": "plain-text"}, "broken", "plain-text")


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
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(("name", "password"), [("Aysel Ə", "a long password"), ("aysel", "short")])
def test_add_editor_refuses_bad_names_and_short_passwords(tmp_path, name, password):
    with pytest.raises(ValueError):
        add_editor(name, password, tmp_path / "secrets.toml")
