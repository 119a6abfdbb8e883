"""The search box on the shipped data: what a person types -> the sites they mean.

Expected ids are literal, looked up by hand in data/sites.geojson (region, name, name_local).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from heritage.dataset import Dataset
from heritage.filters import SiteFilter

SITES = Path(__file__).resolve().parents[2] / "data" / "sites.geojson"

# The 15 sites whose region is Şuşa: 9 name the town, 6 do not (Ghazanchetsots, the two
# Govhar Agha mosques, the Chukhur Mahalla and Mamayi mosques, Xoca Mərcanlı bulağı), so only the region finds those.
SHUSHA = [
    "az-338", "az-351", "az-355", "az-358", "az-362", "az-365", "az-380", "az-5043", "az-5047", "az-5068",
    "az-5138", "az-5166", "az-5671", "cs-ashaghi-govhar-agha", "cs-yukhari-govhar-agha",
]  # fmt: skip
SUSAY_MOSQUE = "az-4624"  # Susay məscidi, in Quba: "Susa" may mean it, "Shusha" never does
GANJA_REGION = [
    "az-183", "az-184", "az-3818", "az-3830", "az-3838", "az-3847", "az-3855", "az-3860", "az-3870", "az-3890",
    "az-3892", "az-3910", "az-3983", "az-3984", "az-3986", "az-3987", "az-3989", "az-3990", "az-473",
]  # fmt: skip

SEARCHES = [
    # query, the ids it finds
    ("Shusha", SHUSHA),
    ("SHUSHA", SHUSHA),
    ("şuşa", SHUSHA),
    ("Şuşa", SHUSHA),
    ("ŞUŞA", SHUSHA),
    ("Шуша", SHUSHA),  # the region's Russian form
    ("Susa", sorted([*SHUSHA, SUSAY_MOSQUE])),
    ("Icherisheher", ["az-137-1", "az-2", "az-2399", "az-5716-1", "az-90", "az-92", "az-93-12", "az-93-2", "az-93-3"]),
    ("içərişəhər", ["az-137-1", "az-2", "az-2399", "az-5716-1", "az-90", "az-92", "az-93-12", "az-93-2", "az-93-3"]),
    ("Shirvanshah", ["az-3", "az-3.1", "az-3.3", "az-3.5", "az-3.7", "az-543"]),
    ("Gəncə", sorted([*GANJA_REGION, "az-10", "az-164", "az-4289", "az-59"])),
    ("Ganja", sorted([*GANJA_REGION, "az-472", "az-59"])),  # the region's English form, and English names
    ("Khudafarin", ["az-12", "az-13"]),
    ("Xudafərin", ["az-12", "az-13"]),
    ("Maiden Tower", ["az-2.2"]),
    ("Qız qalası", ["az-2.2", "az-266", "az-392", "az-4168", "az-4473"]),
    ("Ghazanchetsots", ["az-358"]),
    ("Govhar Agha", ["cs-ashaghi-govhar-agha", "cs-yukhari-govhar-agha"]),
    ("Gövhər Ağa", ["cs-ashaghi-govhar-agha", "cs-yukhari-govhar-agha"]),
    ("5043", ["az-5043"]),  # a registry number
    ("2.1", ["az-2.1"]),  # the dot is a dot, not "any character"
    (".*", []),
]


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return Dataset.load(SITES)


def found(dataset: Dataset, query: str) -> list[str]:
    return sorted(dataset.sites["id"][dataset.mask(SiteFilter(query=query))].tolist())


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_what_a_person_means(shipped, query, expected):
    assert found(shipped, query) == expected


@pytest.mark.parametrize("query", ["Sheki", "Şəki", "SHEKI", "Shaki"])
def test_sheki_by_name_and_region(shipped, query):
    sites = found(shipped, query)
    assert len(sites) == 55 and "az-20" in sites  # the Khan's Palace among the 54 of the region


def test_shusha_finds_nothing_from_quba(shipped):
    sites = shipped.sites.set_index("id")
    assert set(sites.loc[found(shipped, "Shusha"), "region"]) == {"Şuşa"}
