"""Filters as one table of input -> expected ids, and the selection described in words."""

from __future__ import annotations

import pytest

from heritage.dataset import Dataset
from heritage.filters import SiteFilter, describe, export_parts
from heritage.sources import DEFAULT_DATA
from heritage.synthetic import write_geojson
from tests.conftest import feature

SITES = [
    feature(
        "baku",
        name="İçərişəhər",
        name_local="İçərişəhər",
        status="damaged",
        designations=["unesco_world_heritage", "icesco_islamic_heritage"],
        inscription_year=2000,
        restoration_progress=30,
        region="Bakı",
        registry_number="2",
    ),
    feature(
        "sheki",
        name="Sheki Khan's Palace",
        status="under_restoration",
        designations=["unesco_world_heritage"],
        inscription_year=2019,
        restoration_progress=80,
        region="Şəki",
        description="palace of the khans",
    ),
    feature(
        "gob",
        name="Gobustan",
        status="destroyed",
        designations=["unesco_world_heritage"],
        inscription_year=2007,
        region="Qobustan",
    ),
    feature(
        "mosque",
        name="Juma Mosque",
        status="restored",
        designations=["national_registry"],
        restoration_progress=100,
        region="Ağdam",
        registry_number="5.12",
    ),
    feature("plain", name="Plain site", status="unknown", designations=[], region="Bakı"),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return Dataset.load(write_geojson(tmp_path_factory.mktemp("f") / "s.geojson", SITES))


FILTER_TABLE = [
    (SiteFilter(), ["baku", "sheki", "gob", "mosque", "plain"]),
    (SiteFilter(statuses=("damaged", "destroyed")), ["baku", "gob"]),
    (SiteFilter(designations=("national_registry",)), ["mosque"]),
    (SiteFilter(designations=("icesco_islamic_heritage", "national_registry")), ["baku", "mosque"]),
    (SiteFilter(regions=("Bakı",)), ["baku", "plain"]),
    (SiteFilter(year=(2000, 2010), year_unknown=False), ["baku", "gob"]),
    (SiteFilter(year=(2000, 2010), year_unknown=True), ["baku", "gob", "mosque", "plain"]),
    (SiteFilter(year_unknown=False), ["baku", "sheki", "gob"]),
    (SiteFilter(progress=(50, 100), progress_unknown=False), ["sheki", "mosque"]),
    (SiteFilter(progress=(0, 40), progress_unknown=True), ["baku", "gob", "plain"]),
    (SiteFilter(progress_unknown=False), ["baku", "sheki", "mosque"]),
    (SiteFilter(query="icheri"), ["baku"]),  # the English ch for ç folds too (heritage/text.py)
    (SiteFilter(query="içəri"), ["baku"]),
    (SiteFilter(query="ICERISEHER"), ["baku"]),
    (SiteFilter(query="khans"), ["sheki"]),
    (SiteFilter(query="5.12"), ["mosque"]),
    (SiteFilter(query="  mosque "), ["mosque"]),
    (SiteFilter(query=".*"), []),  # plain text, never a regular expression
    (SiteFilter(statuses=("damaged",), regions=("Şəki",)), []),
]


@pytest.mark.parametrize(("site_filter", "expected"), FILTER_TABLE)
def test_filter_selects(dataset, site_filter, expected):
    mask = dataset.mask(site_filter)
    assert list(dataset.sites["id"][mask]) == expected


DESCRIPTIONS = [
    (SiteFilter(), 893, "893 sites"),
    (SiteFilter(), 1, "1 site"),
    (
        SiteFilter(statuses=("damaged", "destroyed"), year=(2000, 2019), year_unknown=False),
        214,
        "214 sites · status damaged or destroyed · inscribed 2000–2019",
    ),
    (SiteFilter(progress=(0, 50)), 3, "3 sites · restoration 0–50 % or progress unknown"),
    (SiteFilter(contested=True), 3, "3 sites · where sources disagree"),
    (
        SiteFilter(regions=("Bakı", "Şəki", "Quba"), query="mosque"),
        2,
        "2 sites · in Baku, Shaki or Quba · matching “mosque”",
    ),
    (
        SiteFilter(designations=("unesco_world_heritage",), year_unknown=False),
        6,
        "6 sites · UNESCO World Heritage · with an inscription year",
    ),
]


@pytest.mark.parametrize(("site_filter", "shown", "expected"), DESCRIPTIONS)
def test_describe(site_filter, shown, expected):
    assert describe(site_filter, shown) == expected


def test_only_sites_where_sources_disagree_on_the_shipped_data():
    from heritage.dataset import Dataset
    from heritage.sources import DEFAULT_DATA

    shipped = Dataset.load(DEFAULT_DATA)
    mask = shipped.mask(SiteFilter(contested=True))
    assert sorted(shipped.sites["id"][mask]) == ["az-12", "az-263", "az-358", "az-4028"]


def test_status_last_stated_before_a_year_finds_the_stale_ones():
    """Statuses last stated before 2022 on the shipped data; unknown ones are never stale."""
    shipped = Dataset.load(DEFAULT_DATA)
    mask = shipped.mask(SiteFilter(stated_before=2022))
    assert sorted(shipped.sites["id"][mask]) == [
        "az-1824", "az-2", "az-213", "az-3", "az-391", "az-4027", "az-4028", "az-4212", "az-5068",
    ]  # fmt: skip
    assert describe(SiteFilter(stated_before=2022), 9) == "9 sites · status last stated before 2022"


def test_the_record_date_narrows_nothing_but_names_the_record():
    shipped = Dataset.load(DEFAULT_DATA)
    assert shipped.mask(SiteFilter(date="2022-06-01")).sum() == 900
    words = describe(SiteFilter(date="2022-06-01", since="2020-11-10"), 900)
    assert words == "900 sites · as of 2022-06-01 · changed since 2020-11-10"
    assert export_parts(SiteFilter(date="2022-06-01", since="2020-11-10")) == ["date-2022-06-01", "since-2020-11-10"]
