"""Exports load back unchanged, defuse spreadsheet formulas, and are named after the filter."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
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
