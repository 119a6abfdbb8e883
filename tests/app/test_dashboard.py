"""The dashboard run by Streamlit's AppTest: each filter changes the counts; bad data is a message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from heritage.dataset import Dataset
from heritage.filters import SiteFilter

TIMEOUT = 60
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def run_app(monkeypatch, data_file, query_params=None) -> AppTest:
    monkeypatch.setenv("HERITAGE_DATA", str(data_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for name, value in (query_params or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


def shown(app: AppTest) -> int:
    return int(app.metric[0].value.replace(",", ""))


def expected(data_file, site_filter: SiteFilter) -> int:
    return int(np.sum(Dataset.load(data_file).mask(site_filter)))


def test_default_view_shows_every_site(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file)
    assert shown(app) == 300
    assert app.metric[0].label == "Sites shown"
    assert any(caption.value.startswith("300 sites") for caption in app.caption)


@pytest.mark.parametrize(
    ("widget", "action", "site_filter"),
    [
        ("multiselect", lambda w: w.set_value(["damaged", "destroyed"]), SiteFilter(statuses=("damaged", "destroyed"))),
        (
            "designation",
            lambda w: w.set_value(["unesco_world_heritage"]),
            SiteFilter(designations=("unesco_world_heritage",)),
        ),
        ("region", lambda w: w.set_value(["Baku"]), SiteFilter(regions=("Baku",))),
        ("year", lambda w: w.set_value((2000, 2010)), SiteFilter(year=(2000, 2010))),
        ("year_unknown", lambda w: w.uncheck(), SiteFilter(year_unknown=False)),
        ("progress", lambda w: w.set_value((20, 60)), SiteFilter(progress=(20, 60))),
        ("progress_unknown", lambda w: w.uncheck(), SiteFilter(progress_unknown=False)),
        ("search", lambda w: w.input("site 1"), SiteFilter(query="site 1")),
    ],
)
def test_each_filter_changes_the_count(monkeypatch, synthetic_file, widget, action, site_filter):
    app = run_app(monkeypatch, synthetic_file)
    controls = {
        "multiselect": app.multiselect(key="f_status"),
        "designation": app.multiselect(key="f_designation"),
        "region": app.multiselect(key="f_region"),
        "year": app.slider(key="f_year"),
        "year_unknown": app.checkbox(key="f_year_unknown"),
        "progress": app.slider(key="f_progress"),
        "progress_unknown": app.checkbox(key="f_progress_unknown"),
        "search": app.text_input(key="f_query"),
    }
    action(controls[widget]).run()
    assert not app.exception
    count = expected(synthetic_file, site_filter)
    assert 0 < count < 300
    assert shown(app) == count


def test_broken_file_shows_an_error_not_a_traceback(monkeypatch, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    app = run_app(monkeypatch, broken)
    assert "not valid JSON" in app.error[0].value
    assert not app.metric


def test_missing_file_shows_an_error(monkeypatch, tmp_path):
    app = run_app(monkeypatch, tmp_path / "missing.geojson")
    assert "does not exist" in app.error[0].value


def test_invalid_records_are_listed_and_the_rest_shown(monkeypatch, tmp_path, synthetic_file):
    text = synthetic_file.read_text(encoding="utf-8").replace('"status": "damaged"', '"status": "splendid"', 1)
    bad = tmp_path / "bad.geojson"
    bad.write_text(text, encoding="utf-8")
    app = run_app(monkeypatch, bad)
    assert shown(app) == 299
    assert "1 of 300 records" in app.warning[0].value
    table = app.dataframe[0].value
    assert table.iloc[0]["field"] == "status" and "splendid" in table.iloc[0]["problem"]


def test_link_parameters_set_the_filters(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file, {"status": ["restored"], "year": "2000-2020"})
    assert app.multiselect(key="f_status").value == ["restored"]
    assert shown(app) == expected(
        synthetic_file, SiteFilter(statuses=("restored",), year=(2000, 2020), year_unknown=False)
    )


def test_malformed_link_is_a_note(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file, {"year": "abc", "status": "splendid", "view": "999,999,99"})
    notes = " ".join(info.value for info in app.info)
    assert "Ignored year=abc" in notes and "Ignored status=splendid" in notes and "Ignored view=999,999,99" in notes
    assert shown(app) == 300


def test_hostile_site_details_are_text(monkeypatch, hostile_file):
    app = run_app(monkeypatch, hostile_file, {"site": "hostile"})
    subheaders = [s.value for s in app.subheader]
    # Markdown-escaped: the page shows the literal characters, nothing is interpreted.
    assert any("onerror" in value and "\\<img" in value for value in subheaders)
    assert any("<script>alert(3)</script>" in t.value for t in app.text)
