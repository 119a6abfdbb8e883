"""Every page under AppTest, presenter mode and scenes, and links that point nowhere."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from heritage.filters import SiteFilter
from heritage.links import MapView, ViewState, scene_params
from heritage.store import Store
from tests.app.pages import DASHBOARD, TIMEOUT, open_page


@pytest.fixture
def app_env(monkeypatch, synthetic_file, tmp_path):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return synthetic_file


def test_table_page_lists_the_filtered_sites(app_env):
    app = open_page("pages/table.py")
    app.multiselect(key="f_status").set_value(["restored"]).run()
    table = app.dataframe[0].value
    assert len(table) == 43 and set(table["Status"]) == {"Restored"}
    assert {b.label for b in app.get("download_button")} >= {"CSV", "GeoJSON", "Excel", "GeoPackage", "JSON-LD"}


def test_progress_page_has_three_charts_with_captions(app_env):
    app = open_page("pages/progress.py")
    assert [s.value for s in app.subheader] == [
        "Sites per status, by region",
        "Restoration progress",
        "Inscriptions per year",
    ]
    assert len(app.get("vega_lite_chart")) == 3
    assert len(app.get("download_button")) == 3
    assert any("bands of 10 %" in c.value for c in app.caption)


def test_site_page_shows_the_site_and_its_neighbours(app_env):
    app = open_page("pages/site.py", {"site": "syn-3"})
    assert app.subheader[0].value == "Synthetic site 3"
    assert any(s.value.startswith("Within 5 km") for s in app.subheader)


def test_site_page_with_an_unknown_id_says_so(app_env):
    app = open_page("pages/site.py", {"site": "<nowhere>"})
    assert "no site with the id" in app.warning[0].value
    assert app.selectbox[0].label == "Find a site"


def test_about_page(app_env):
    app = open_page("pages/about.py")
    assert app.title[0].value == "About the data"
    # A data file other than the shipped one is not credited to the Azerbaijani registry.
    assert any("The map shows 300 sites from the data file" in m.value for m in app.markdown)
    assert not any("Azerbaijani national heritage registry" in m.value for m in app.markdown)


def test_presenter_mode_steps_through_scenes(app_env):
    store = Store()
    restored = ViewState(SiteFilter(statuses=("restored",)), MapView(40.4, 49.8, 9))
    store.add_scene("Restored", scene_params(restored), "a")
    store.add_scene("Damaged", scene_params(ViewState(SiteFilter(statuses=("damaged",)))), "a")
    app = open_page("pages/map.py", {"present": "1"})
    assert app.button(key="scene_prev").disabled
    app.button(key="scene_next").click().run()
    assert app.multiselect(key="f_status").value == ["restored"]
    assert "Scene 1 of 2: Restored" in app.markdown[0].value
    app.button(key="scene_next").click().run()
    assert app.multiselect(key="f_status").value == ["damaged"]
    assert app.button(key="scene_next").disabled
    app.button(key="scene_prev").click().run()
    assert app.multiselect(key="f_status").value == ["restored"]


def test_an_editor_saves_and_removes_a_scene(app_env):
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    app.session_state["editor"] = "aysel"  # as the Editors page leaves it after a sign-in
    app.run()
    app.multiselect(key="f_status").set_value(["damaged"]).run()
    app.text_input(key="scene_name").input("Damaged sites")
    app.button(key="FormSubmitter:save_scene-Save as scene").click().run()
    assert not app.exception, app.exception
    scenes = Store().scenes()
    assert [(s.name, s.params["status"]) for s in scenes] == [("Damaged sites", ["damaged"])]
    app.button(key=f"remove_scene_{scenes[0].id}").click().run()
    assert Store().scenes() == []


HOSTILE_SCENE = "[Sign in again](https://evil.example/login)"


def test_a_viewer_can_neither_save_nor_remove_scenes_and_names_stay_text(app_env):
    Store().add_scene(HOSTILE_SCENE, scene_params(ViewState(SiteFilter(statuses=("damaged",)))), "aysel")
    app = open_page("pages/map.py")
    assert not [t for t in app.text_input if t.key == "scene_name"]
    assert not [b for b in app.button if str(b.key).startswith("remove_scene_")]
    assert "1. " + HOSTILE_SCENE in [t.value for t in app.text]
    assert not any("evil.example" in m.value for m in app.markdown)
    app = open_page("pages/map.py", {"present": "1"})
    app.button(key="scene_next").click().run()
    heading = app.markdown[0].value
    assert heading.startswith("#### Scene 1 of 1: ") and "](https" not in heading


def test_missing_values_are_not_shown_as_nan(monkeypatch, tmp_path):
    from heritage.synthetic import write_geojson
    from tests.conftest import feature

    monkeypatch.setenv("HERITAGE_DATA", str(write_geojson(tmp_path / "bare.geojson", [feature("bare")])))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    app = open_page("pages/site.py", {"site": "bare"})
    shown = " ".join(e.value for e in [*app.markdown, *app.caption, *app.subheader, *app.text])
    assert "nan" not in shown.lower().split() and "None" not in shown
    assert "not stated by any source" in shown
