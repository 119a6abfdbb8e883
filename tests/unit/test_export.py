"""Exports load back unchanged, defuse spreadsheet formulas, and are named after the filter."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from heritage import export
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.sources import load_sites
from heritage.synthetic import write_geojson
from tests.conftest import feature


@pytest.fixture
def sites(tmp_path):
    features = [
        feature(
            "a", name="Qız qalası", status="restored", designations=["unesco_world_heritage"], inscription_year=2000
        ),
        feature("b", name='=HYPERLINK("http://evil","x")', restoration_progress=40.5, region="Şəki"),
        feature("c", name="Plain", lon=49.8, lat=40.4),
    ]
    return Dataset.load(write_geojson(tmp_path / "s.geojson", features)).sites


@pytest.mark.parametrize(("writer", "suffix"), [(export.to_geojson, ".geojson"), (export.to_csv, ".csv")])
def test_export_loads_back(tmp_path, sites, writer, suffix):
    path = tmp_path / f"out{suffix}"
    path.write_bytes(writer(sites))
    again = load_sites(path)
    assert again.problems == []
    assert list(again.sites["id"]) == ["a", "b", "c"]
    assert again.sites["designations"].iloc[0] == ("unesco_world_heritage",)
    assert again.sites["inscription_year"].iloc[0] == 2000
    assert again.sites["restoration_progress"].iloc[1] == 40.5
    assert np.allclose(again.sites["lon"], sites["lon"])


def test_geojson_keeps_the_text_exactly(tmp_path, sites):
    path = tmp_path / "out.geojson"
    path.write_bytes(export.to_geojson(sites))
    assert list(load_sites(path).sites["name"]) == list(sites["name"])


def test_csv_defuses_formulas(sites):
    text = export.to_csv(sites).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_xlsx_has_every_row_and_no_formula(sites):
    book = load_workbook(io.BytesIO(export.to_xlsx(sites)))
    sheet = book["Sites"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("id", "name") and len(rows) == 4
    names = [row[1] for row in rows[1:]]
    assert names[0] == "Qız qalası"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("site_filter", "expected"),
    [
        (SiteFilter(), "heritage-sites_2026-11-28.csv"),
        (
            SiteFilter(statuses=("damaged", "destroyed"), year=(2000, 2019)),
            "heritage-sites_status-damaged-destroyed_year-2000-2019_2026-11-28.csv",
        ),
        (
            SiteFilter(regions=("Şəki",), query="Qız qalası"),
            "heritage-sites_region-seki_search-qiz-qalasi_2026-11-28.csv",
        ),
        (
            SiteFilter(designations=("unesco_world_heritage",), progress=(0, 50)),
            "heritage-sites_unesco-world-heritage_progress-0-50_2026-11-28.csv",
        ),
        (SiteFilter(contested=True), "heritage-sites_sources-disagree_2026-11-28.csv"),
    ],
)
def test_file_name_says_the_filter_and_the_date(site_filter, expected):
    assert export.file_name(site_filter, "csv", dt.date(2026, 11, 28)) == expected


def test_csv_round_trip_undoes_the_defusing(tmp_path):
    features = [
        feature("a", name="-7", description="=1+1", registry_number="+994", name_local="@home"),
        feature("b", name="'quoted already", description="'=1 written with its quote"),
    ]
    sites = Dataset.load(write_geojson(tmp_path / "s.geojson", features)).sites
    text = export.to_csv(sites).decode("utf-8-sig")
    assert "'-7" in text and "'=1+1" in text and "'+994" in text and "'@home" in text
    path = tmp_path / "out.csv"
    path.write_bytes(export.to_csv(sites))
    again = load_sites(path).sites
    assert list(again["name"]) == ["-7", "'quoted already"]
    assert list(again["description"]) == ["=1+1", "'=1 written with its quote"]
    assert again["registry_number"].iloc[0] == "+994" and again["name_local"].iloc[0] == "@home"


@pytest.fixture
def controlled(tmp_path):
    features = [feature("a", name="Bad\x01name\x1f", description="line one\nline two\ttab")]
    return Dataset.load(write_geojson(tmp_path / "s.geojson", features)).sites


def test_excel_export_drops_control_characters(controlled):
    sheet = load_workbook(io.BytesIO(export.to_xlsx(controlled)))["Sites"]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[1] == "Badname"


@pytest.mark.parametrize("writer", [export.to_csv, export.to_geojson])
def test_csv_and_geojson_drop_control_characters(controlled, writer):
    text = writer(controlled).decode("utf-8-sig")
    assert "\x01" not in text and "\x1f" not in text and "\\u0001" not in text
    assert "Badname" in text


def test_chart_data_goes_through_the_same_defusing():
    from heritage.spreadsheet import csv_bytes

    table = pd.DataFrame({"region": ['=HYPERLINK("http://evil","x")', "Şəki\x02"], "sites": [3, -4]})
    assert csv_bytes(table).decode("utf-8-sig") == ('region,sites\n"\'=HYPERLINK(""http://evil"",""x"")",3\nŞəki,-4\n')


@pytest.mark.parametrize("text", ["-7", "'-7", "''=x", "'plain", "plain", "\tx", "'"])
def test_undefuse_reverses_defuse(text):
    from heritage.spreadsheet import defuse, undefuse

    assert undefuse(defuse(text)) == text


def test_a_foreign_quoted_formula_loses_its_quote_on_import():
    from heritage.spreadsheet import undefuse

    assert undefuse("'=SUM(A1)") == "=SUM(A1)" and undefuse("'hello") == "'hello"
