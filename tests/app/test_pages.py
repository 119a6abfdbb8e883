"""Every page under AppTest, presenter mode and scenes, and links that point nowhere."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.links import MapView, ViewState
from heritage.scenes import add_scene
from tests.app.test_dashboard import DASHBOARD, TIMEOUT


@pytest.fixture
def app_env(monkeypatch, synthetic_file, tmp_path):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    monkeypatch.setenv("HERITAGE_SCENES", str(tmp_path / "scenes.json"))
    return synthetic_file


def open_page(page: str, params: dict | None = None) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    if page != "pages/map.py":
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def test_table_page_lists_the_filtered_sites(app_env):
    app = open_page("pages/table.py")
    app.multiselect(key="f_status").set_value(["restored"]).run()
    expected = int(Dataset.load(app_env).mask(SiteFilter(statuses=("restored",))).sum())
    table = app.dataframe[0].value
    assert len(table) == expected and set(table["Status"]) == {"Restored"}
    assert {b.label for b in app.get("download_button")} >= {"CSV", "GeoJSON", "Excel"}


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
    assert any("300 heritage sites" in m.value for m in app.markdown)


def test_presenter_mode_steps_through_scenes(app_env, tmp_path):
    add_scene(
        "Restored", ViewState(SiteFilter(statuses=("restored",)), MapView(40.4, 49.8, 9)), tmp_path / "scenes.json"
    )
    add_scene("Damaged", ViewState(SiteFilter(statuses=("damaged",))), tmp_path / "scenes.json")
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


def test_saving_a_scene_from_the_dashboard(app_env, tmp_path):
    from heritage.scenes import load_scenes

    app = open_page("pages/map.py")
    app.multiselect(key="f_status").set_value(["damaged"]).run()
    app.text_input(key="scene_name").input("Damaged sites")
    app.button(key="FormSubmitter:save_scene-Save as scene").click().run()
    scenes = load_scenes(tmp_path / "scenes.json")
    assert [s.name for s in scenes] == ["Damaged sites"]
    assert scenes[0].params["status"] == ["damaged"]


def test_missing_values_are_not_shown_as_nan(monkeypatch, tmp_path):
    from heritage.synthetic import write_geojson
    from tests.conftest import feature

    monkeypatch.setenv("HERITAGE_DATA", str(write_geojson(tmp_path / "bare.geojson", [feature("bare")])))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    app = open_page("pages/site.py", {"site": "bare"})
    shown = " ".join(e.value for e in [*app.markdown, *app.caption, *app.subheader, *app.text])
    assert "nan" not in shown.lower().split() and "None" not in shown
    assert "not stated by any source" in shown
