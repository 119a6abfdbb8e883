"""Editing under AppTest: viewers cannot reach it; editors record, conflict and import."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from heritage.auth import hash_password
from heritage.store import NewObservation, Store
from tests.app.pages import DASHBOARD, TIMEOUT

PASSWORD = "a long test password"


@pytest.fixture
def app(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    test = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    test.secrets["editors"] = {"aysel": hash_password(PASSWORD)}
    return test


def sign_in(app: AppTest, password: str = PASSWORD, button: str = "Sign in") -> AppTest:
    app.run()
    app.switch_page("pages/editors.py").run()
    app.text_input(key="signin_name").input("aysel")
    app.text_input(key="signin_password").input(password)
    app.button(key=f"FormSubmitter:sign_in-{button}").click().run()
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
    app.radio[0].set_value("condition").run()
    app.selectbox[0].set_value("under_restoration")
    app.number_input[0].set_value(40.0)
    app.text_input(key="observation_source").input("Inspection report 2026/14")
    app.button(key="FormSubmitter:observation-Record for 1 site").click().run()
    assert not app.exception, app.exception
    assert "Recorded for 1 site" in app.success[0].value
    history = Store().observations("syn-6").sort_values("id")
    # status and progress from one submission: two observations with the same source
    assert list(history["field"]) == ["status", "restoration_progress"]
    assert list(history["value"]) == ["under_restoration", 40.0] and set(history["author"]) == {"aysel"}
    assert set(history["source"]) == {"Inspection report 2026/14"}
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
    app.radio[0].set_value("condition").run()
    app.selectbox[0].set_value("restored")
    app.text_input(key="observation_source").input("My report")
    app.button(key="FormSubmitter:observation-Record for 1 site").click().run()
    assert "Changed by someone else" in app.error[0].value
    assert list(Store().observations("syn-6")["author"]) == ["rashad"]


def test_import_shows_the_report_and_imports_the_valid_rest(app, tmp_path):
    import json

    from tests.conftest import feature

    good = feature("new-1", name="New fortress", status="damaged", source="Survey 2026", lon=47.5, lat=40.5)
    changed = feature("syn-3", name="Synthetic site 3, renamed", status="restored", source="Survey 2026")
    bad = feature("bad-1", status="splendid")
    upload = json.dumps({"type": "FeatureCollection", "features": [good, bad, changed]}).encode()
    sign_in(app)
    app.switch_page("pages/import.py").run()
    assert "at most 20 MB" in app.caption[0].value
    app.file_uploader[0].upload("survey.geojson", upload, "application/geo+json").run()
    assert not app.exception, app.exception
    assert "3 records read: **2 valid**, 1 with problems." in [m.value for m in app.markdown]
    report = app.dataframe[0].value
    assert list(report["id"]) == ["bad-1"] and report["field"].iloc[0] == "status"
    assert any("adds **1** sites, changes **1**" in m.value for m in app.markdown)
    app.button[0].click().run()  # "Import 2 valid records"
    assert not app.exception, app.exception
    assert app.success[0].value == "Imported as version 1. The map now shows it."
    stored = Store().base_features()
    assert [f["properties"]["id"] for f in stored] == ["new-1", "syn-3"]
    assert stored[0]["properties"]["name"] == "New fortress" and stored[0]["geometry"]["coordinates"] == [47.5, 40.5]
    assert stored[1]["properties"]["name"] == "Synthetic site 3, renamed"
    versions = Store().versions()
    assert list(versions["author"]) == ["aysel"] and list(versions["file_name"]) == ["survey.geojson"]
    assert (versions["added"].iloc[0], versions["changed"].iloc[0]) == (1, 1)


def test_the_observation_form_and_history_in_azerbaijani(app):
    app.query_params["lang"] = "az"
    sign_in(app, button="Daxil ol")
    app.switch_page("pages/edit.py").run()
    assert app.title[0].value == "Müşahidə qeyd edin"
    app.multiselect[0].set_value(["syn-6"]).run()
    assert app.radio[0].label == "Nə dəyişib"
    app.radio[0].set_value("condition").run()
    app.selectbox[0].set_value("under_restoration")
    app.text_input(key="observation_source").input("Baxış hesabatı 7")
    app.button(key="FormSubmitter:observation-1 abidə üçün qeyd et").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value == "1 abidə üçün qeyd edildi."
    history = app.dataframe[-1].value
    assert list(history.columns) == [
        "#", "Müşahidə tarixi", "Sahə", "Dəyər", "Mənbə", "Keçid",
        "Qeyd edən", "Geri götürür", "Geri götürülüb", "Qeyd",
    ]  # fmt: skip
    assert list(history["Sahə"]) == ["Vəziyyət"]
    assert app.selectbox[-1].label == "Geri götürüləcək müşahidə"
