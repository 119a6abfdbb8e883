"""The dashboard run by Streamlit's AppTest: each filter changes the counts; bad data is a message."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.pages import MAP, open_page


def run_app(monkeypatch, data_file, query_params=None) -> AppTest:
    monkeypatch.setenv("HERITAGE_DATA", str(data_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return open_page(MAP, query_params)


def shown(app: AppTest) -> int:
    return int(app.metric[0].value.replace(",", ""))


def test_default_view_shows_every_site(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file)
    assert shown(app) == 300
    assert app.metric[0].label == "Sites shown"
    assert any(caption.value.startswith("300 sites") for caption in app.caption)


# Counts from the generator's rules (heritage/synthetic.py, 300 sites syn-0..syn-299):
# status number i % 7, designation i % 4 on even i, region i % 8, year 1990 + i % 34 when
# i % 5 == 0, progress (7 i) % 101 when i % 3 == 0.
@pytest.mark.parametrize(
    ("widget", "action", "count"),
    [
        ("multiselect", lambda w: w.set_value(["damaged", "destroyed"]), 86),  # i % 7 in (2, 3)
        ("designation", lambda w: w.set_value(["unesco_world_heritage"]), 75),  # i % 4 == 0
        ("region", lambda w: w.set_value(["Baku"]), 38),  # i % 8 == 0
        ("year", lambda w: w.set_value((2000, 2010)), 260),  # 240 with no year + 20 in range
        ("year_unknown", lambda w: w.uncheck(), 60),  # i % 5 == 0
        ("progress", lambda w: w.set_value((20, 60)), 241),  # 200 with no progress + 41 in range
        ("progress_unknown", lambda w: w.uncheck(), 100),  # i % 3 == 0
        ("search", lambda w: w.input("site 1"), 111),  # 1, 10-19, 100-199
    ],
)
def test_each_filter_changes_the_count(monkeypatch, synthetic_file, widget, action, count):
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
    assert shown(app) == count


def test_broken_file_shows_an_error_not_a_traceback(monkeypatch, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    app = run_app(monkeypatch, broken)
    assert "not valid JSON" in app.error[0].value
    assert not app.metric


def test_missing_file_shows_an_error(monkeypatch, tmp_path):
    app = run_app(monkeypatch, tmp_path / "missing.geojson")
    # The file name is data, so it is escaped (shown as text): missing\.geojson in the Markdown.
    assert "missing\\.geojson does not exist" in app.error[0].value
    assert str(tmp_path) not in app.error[0].value  # no server path on the page


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
    assert shown(app) == 4  # restored (i % 7 == 5) with a year 2000-2020: syn-180, 215, 250, 285


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


def test_many_invalid_records_show_a_count_the_first_hundred_and_a_download(monkeypatch, tmp_path):
    from heritage.synthetic import synthetic_features, write_geojson

    features = synthetic_features(400)
    for number, bad in enumerate(features[:250]):
        bad["properties"]["status"] = f"splendid-{number}"
    app = run_app(monkeypatch, write_geojson(tmp_path / "bad.geojson", features))
    assert shown(app) == 150
    assert "250 of 400 records" in app.warning[0].value
    table = app.dataframe[0].value
    assert len(table) == 100
    assert list(table["id"][:2]) == ["syn-0", "syn-1"] and table["id"].iloc[-1] == "syn-99"
    assert any(c.value == "The first 100 of 250 problems; the download holds all." for c in app.caption)
    [download] = [b for b in app.get("download_button") if b.label == "All problems (CSV)"]
