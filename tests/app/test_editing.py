"""Editing under AppTest: viewers cannot reach it; editors record, conflict and import."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from heritage.auth import hash_password
from heritage.store import NewObservation, Store
from tests.app.test_dashboard import DASHBOARD, TIMEOUT

PASSWORD = "a long test password"


@pytest.fixture
def app(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    test = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    test.secrets["editors"] = {"aysel": hash_password(PASSWORD)}
    return test


def sign_in(app: AppTest, password: str = PASSWORD) -> AppTest:
    app.run()
    app.switch_page("pages/editors.py").run()
    app.text_input(key="signin_name").input("aysel")
    app.text_input(key="signin_password").input(password)
    app.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert not app.exception, app.exception
    return app


def test_viewer_cannot_reach_the_edit_page(app):
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in the navigation
        app.switch_page("pages/edit.py").run()


def test_wrong_password_is_refused(app):
    sign_in(app, "not the password")
    assert app.error[0].value == "Wrong name or password."
    assert "editor" not in app.session_state or not app.session_state["editor"]


def test_editor_records_an_observation_and_the_map_shows_it(app, tmp_path):
    sign_in(app)
    app.switch_page("pages/edit.py").run()
    app.multiselect[0].set_value(["syn-6"]).run()  # synthetic site 6 is "unknown"
    app.radio[0].set_value("status").run()
    app.selectbox[0].set_value("under_restoration")
    app.text_input[0].input("Inspection report 2026/14")
    app.button(key="FormSubmitter:observation-Record for 1 site").click().run()
    assert not app.exception, app.exception
    assert "Recorded for 1 site" in app.success[0].value
    history = Store().observations("syn-6")
    assert list(history["value"]) == ["under_restoration"] and list(history["author"]) == ["aysel"]
    app.switch_page("pages/site.py")
    app.query_params["site"] = "syn-6"
    app.run()
    assert any("Under restoration" in m.value for m in app.markdown)


def test_second_editor_is_told_the_site_changed(app):
    sign_in(app)
    app.switch_page("pages/edit.py").run()
    app.multiselect[0].set_value(["syn-6"]).run()  # revision seen: 0
    Store().record(
        [NewObservation("syn-6", "status", "destroyed", dt.date(2025, 1, 1), "Other report", "rashad")],
        {},
    )
    app.radio[0].set_value("status").run()
    app.text_input[0].input("My report")
    app.button(key="FormSubmitter:observation-Record for 1 site").click().run()
    assert "Changed by someone else" in app.error[0].value
    assert list(Store().observations("syn-6")["author"]) == ["rashad"]


def test_import_shows_the_report_and_imports_the_valid_rest(app, tmp_path):
    sign_in(app)
    app.switch_page("pages/import.py").run()
    assert "at most 20 MB" in app.caption[0].value
    # AppTest cannot upload files; the page's parts are tested through plan_import and the store.
    assert not app.exception
