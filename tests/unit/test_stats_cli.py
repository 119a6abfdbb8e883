"""Figures for tiles and charts, and the validate command's report and exit codes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from heritage import stats
from heritage.cli import main
from heritage.dataset import Dataset
from heritage.synthetic import write_geojson
from tests.conftest import feature


@pytest.fixture
def sites(tmp_path):
    features = [
        feature("a", status="restored", restoration_progress=100, inscription_year=2000, region="Bakı"),
        feature("b", status="under_restoration", restoration_progress=40, region="Bakı"),
        feature("c", status="under_restoration", restoration_progress=45, inscription_year=2000, region="Şəki"),
        feature("d", region=None),
    ]
    return Dataset.load(write_geojson(tmp_path / "s.geojson", features)).sites


def test_indicators_leave_unknown_progress_out_of_the_mean(sites):
    figures = stats.indicators(sites, total=10)
    assert (figures.shown, figures.total) == (4, 10)
    assert figures.per_status["under_restoration"] == 2 and figures.per_status["unknown"] == 1
    assert figures.mean_progress == pytest.approx(185 / 3) and figures.with_progress == 3
    assert stats.indicators(sites.iloc[3:], 10).mean_progress is None


def test_chart_tables(sites):
    by_region = stats.status_by_region(sites)
    assert by_region.to_dict("records") == [
        {"region": "(no region)", "status": "unknown", "sites": 1},
        {"region": "Bakı", "status": "restored", "sites": 1},
        {"region": "Bakı", "status": "under_restoration", "sites": 1},
        {"region": "Şəki", "status": "under_restoration", "sites": 1},
    ]
    bands = stats.progress_distribution(sites).set_index("band")["sites"]
    assert bands["40–49 %"] == 2 and bands["100 %"] == 1 and bands.sum() == 3
    years = stats.inscriptions_per_year(sites)
    assert years.to_dict("records") == [{"year": 2000, "sites": 2}]
    assert stats.progress_distribution(pd.DataFrame({"restoration_progress": []}))["sites"].sum() == 0


def test_validate_valid_file(tmp_path, capsys):
    path = write_geojson(tmp_path / "ok.geojson", [feature("a")])
    assert main(["validate", str(path)]) == 0
    assert "1 records: 1 valid, 0 with problems." in capsys.readouterr().out


def test_validate_reports_each_problem(tmp_path, capsys):
    path = write_geojson(tmp_path / "bad.geojson", [feature("a"), feature("az-123", restoration_progress=140)])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "record 2 (id az-123): restoration_progress: 140 is above 100"
    assert out[-1] == "2 records: 1 valid, 1 with problems."


def test_validate_unreadable_file(tmp_path, capsys):
    path = tmp_path / "broken.geojson"
    path.write_text("{", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().out


HOSTILE_RECORDS = [
    ('{"type": "Point", "coordinates": {"a": 1}}', "geometry: point coordinates are not two numbers"),
    ('{"type": "Point", "coordinates": "4740"}', "geometry: point coordinates are not two numbers"),
    ('{"type": "Point", "coordinates": [true, false]}', "geometry: point coordinates are not two numbers"),
    ('{"type": "Point", "coordinates": [47.0, NaN]}', "geometry: coordinates are not finite numbers"),
    ('{"type": "Point", "coordinates": [47.0]}', "geometry: point coordinates are not two numbers"),
]


@pytest.mark.parametrize(("geometry", "line"), HOSTILE_RECORDS)
def test_validate_reports_coordinates_that_are_not_two_numbers(tmp_path, capsys, geometry, line):
    good = json.dumps(feature("a"))
    bad = f'{{"type": "Feature", "geometry": {geometry}, "properties": {json.dumps(feature("x")["properties"])}}}'
    path = tmp_path / "coordinates.geojson"
    path.write_text(f'{{"type": "FeatureCollection", "features": [{good}, {bad}]}}', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"record 2 (id x): {line}", "2 records: 1 valid, 1 with problems."]


def test_validate_reports_a_5000_digit_integer_for_its_record(tmp_path, capsys):
    properties = json.dumps(feature("big")["properties"])[:-1] + ', "inscription_year": ' + "9" * 5000 + "}"
    text = '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
    text += '{"type": "Point", "coordinates": [47, 40]}, "properties": ' + properties + "}]}"
    path = tmp_path / "big.geojson"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "record 1 (id big): inscription_year: inf is not a finite number",
        "1 records: 0 valid, 1 with problems.",
    ]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, '{"type": "FeatureCollection", "features": [' + "[" * 100_000],
)
def test_validate_deep_nesting_cannot_be_read(tmp_path, capsys, text):
    path = tmp_path / "deep.geojson"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().out == "deep.geojson cannot be read: it is nested too deeply (line 1).\n"


def test_validate_shows_progress_on_a_terminal_only(tmp_path, capsys):
    path = write_geojson(tmp_path / "ok.geojson", [feature("a")])
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no progress bar in a log


def test_validate_shows_control_characters_in_a_record_escaped(tmp_path, capsys):
    from heritage.cli import main
    from heritage.synthetic import write_geojson
    from tests.conftest import feature

    path = write_geojson(tmp_path / "bad.geojson", [feature("a\x1b]0;owned\x07", status="evil\x1b[2J")])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "a\\x1b]0;owned\\x07" in out and "evil\\x1b[2J" in out
