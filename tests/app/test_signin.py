"""Sign-in under AppTest: failures read the same, repeated failures wait, OIDC needs a verified e-mail."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from heritage.auth import SignInThrottle, hash_password
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.app.test_editing import PASSWORD

OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x", "client_secret": "y",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration", "cookie_secret": "z"}  # fmt: skip


@pytest.fixture
def app(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    test = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    test.secrets["editors"] = {"aysel": hash_password(PASSWORD), "broken": "not-a-user"}
    return test


@pytest.fixture
def long_waits(monkeypatch):
    """A minute after any failure, so that a slow test machine cannot outlast the wait (the doubling
    itself is tested in tests/unit/test_auth.py)."""
    monkeypatch.setattr(SignInThrottle, "_delay", lambda self, count: 60.0)


def attempt(app: AppTest, name: str, password: str) -> str:
    app.text_input(key="signin_name").input(name)
    app.text_input(key="signin_password").input(password)
    app.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert not app.exception, app.exception
    return app.error[0].value if app.error else ""


def test_every_failure_reads_the_same_and_never_raises(app):
    app.run()
    app.switch_page("pages/editors.py").run()
    assert attempt(app, "nobody", "whatever password") == "Wrong name or password."


@pytest.mark.parametrize(
    ("name", "password"),
    [("aysel", "ə" * 80), ("broken", "not-a-user"), ("aysel", "not the password")],  # 160 bytes; not a hash
)
def test_odd_passwords_and_stored_values_are_just_wrong(app, name, password):
    app.run()
    app.switch_page("pages/editors.py").run()
    assert attempt(app, name, password) == "Wrong name or password."
    assert "editor" not in app.session_state or not app.session_state["editor"]


def test_a_second_try_straight_after_a_failure_has_to_wait(app, long_waits):
    app.run()
    app.switch_page("pages/editors.py").run()
    attempt(app, "aysel", "not the password")
    message = attempt(app, "aysel", PASSWORD)  # the right password, but too soon
    assert re.fullmatch(r"Wrong name or password\. Too many attempts: try again in [56]\d seconds\.", message)
    assert "editor" not in app.session_state or not app.session_state["editor"]


def test_the_wait_follows_the_session_to_another_name(app, long_waits):
    app.run()
    app.switch_page("pages/editors.py").run()
    attempt(app, "nobody", "not the password")
    assert "Too many attempts" in attempt(app, "aysel", PASSWORD)


def test_the_wait_follows_the_name_into_another_session(app, long_waits):
    app.run()
    app.switch_page("pages/editors.py").run()
    attempt(app, "aysel", "not the password")
    other = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    other.secrets["editors"] = dict(app.secrets["editors"])
    other.run()
    other.switch_page("pages/editors.py").run()
    assert "Too many attempts" in attempt(other, "aysel", PASSWORD)


def _oidc_app(app: AppTest, verified: object) -> AppTest:
    app.secrets["auth"] = OIDC
    app.secrets["oidc_editors"] = {"emails": ["aysel@example.gov.az"]}
    app.user = {"is_logged_in": True, "email": "Aysel@example.gov.az", "email_verified": verified}
    app.run()
    return app


@pytest.mark.parametrize("verified", [False, None, "false"])
def test_an_unverified_oidc_email_gets_no_editor_pages(app, verified):
    _oidc_app(app, verified)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/edit.py").run()


def test_a_verified_oidc_email_gets_the_edit_page(app):
    _oidc_app(app, True)
    app.switch_page("pages/edit.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Record an observation"


def test_a_name_over_40_characters_is_refused_before_anything_is_kept(app):
    from heritage.signins import StoreSignIns
    from heritage.store import Store
    from heritage.ui.auth import _failed_sign_ins

    app.run()
    app.switch_page("pages/editors.py").run()
    assert attempt(app, "a" * 41, "whatever password") == (
        "Wrong name or password. An editor name has at most 40 characters."
    )
    assert attempt(app, "x" * 1_000_000, "whatever password").endswith("at most 40 characters.")
    assert StoreSignIns(Store()).rows() == 0 and _failed_sign_ins()._failures == {}
    assert attempt(app, "a" * 40, "whatever password") == "Wrong name or password."  # 40 is a name
    assert StoreSignIns(Store()).rows() == 2  # that name and this session


@pytest.mark.parametrize(
    "auth",
    [
        {"client_id": "x"},  # no redirect_uri, cookie_secret, client_secret, server_metadata_url
        {**OIDC, "redirect_uri": "not a url"},
    ],
)
def test_a_misconfigured_organisation_sign_in_is_one_sentence(app, auth):
    app.secrets["auth"] = auth
    app.run()
    app.switch_page("pages/editors.py").run()
    app.button[-1].click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [
        "Signing in with your organisation's account is not set up correctly on this server; tell the administrator."
    ]


def test_the_misconfiguration_sentence_is_in_the_readers_language(app):
    app.secrets["auth"] = {"client_id": "x"}
    app.query_params["lang"] = "az"
    app.run()
    app.switch_page("pages/editors.py").run()
    app.button[-1].click().run()
    assert [e.value for e in app.error] == [
        "Təşkilat hesabı ilə giriş bu serverdə düzgün qurulmayıb; administratora bildirin."
    ]
