"""Filter results are remembered per dataset, never across datasets that look alike."""

from __future__ import annotations

import pandas as pd

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.synthetic import write_geojson
from heritage.ui import data as ui_data
from tests.conftest import feature


def test_a_dataset_at_a_reused_address_gets_its_own_masks(tmp_path, monkeypatch):
    """A Dataset evicted from the cache can be followed by another at the same address and length."""
    first = Dataset.load(write_geojson(tmp_path / "one.geojson", [feature("a", status="damaged"), feature("b")]))
    second = Dataset.load(write_geojson(tmp_path / "two.geojson", [feature("a"), feature("b")]))
    damaged = SiteFilter(statuses=("damaged",))
    # As if `second` had been allocated where `first` was: the same id() for both.
    monkeypatch.setattr(ui_data, "id", lambda _obj: 1234, raising=False)
    assert ui_data.shown_mask(first, damaged).tolist() == [True, False]
    assert ui_data.shown_mask(second, damaged).tolist() == [False, False]


def test_observations_get_fresh_masks(tmp_path):
    base = Dataset.load(write_geojson(tmp_path / "one.geojson", [feature("a"), feature("b")]))
    damaged = SiteFilter(statuses=("damaged",))
    assert base.mask(damaged).tolist() == [False, False]
    observations = pd.DataFrame(
        {
            "id": [1], "site_id": ["b"], "field": ["status"], "value": ["damaged"],
            "observed": [pd.Timestamp("2025-01-01").date()], "source": ["Report"], "source_url": [None],
            "author": ["x"], "withdrawn": [False],
        }
    )  # fmt: skip
    assert base.with_observations(observations, 1).mask(damaged).tolist() == [False, True]
    assert base.mask(damaged).tolist() == [False, False]


def test_cache_keys_name_the_data_not_its_address(tmp_path, monkeypatch):
    path = write_geojson(tmp_path / "one.geojson", [feature("a"), feature("b")])
    first, second = Dataset.load(path), Dataset.load(path)
    monkeypatch.setattr(ui_data, "id", lambda _obj: 1234, raising=False)
    assert ui_data.data_key(first) != ui_data.data_key(second)
    assert ui_data.data_key(first) == ui_data.data_key(first)


def test_an_overlay_shares_its_bases_places_but_not_its_years(tmp_path):
    """with_observations builds a Dataset through its constructor, sharing the place caches only."""
    base = Dataset.load(write_geojson(tmp_path / "one.geojson", [feature("a"), feature("b", inscription_year=2001)]))
    lookup, bounds = base._id_lookup, base.bounds
    assert base.year_bounds == (2001, 2001)
    observations = pd.DataFrame(
        {
            "id": [1], "site_id": ["a"], "field": ["status"], "value": ["damaged"],
            "observed": [pd.Timestamp("2025-01-01").date()], "source": ["Report"], "source_url": [None],
            "author": ["x"], "withdrawn": [False],
        }
    )  # fmt: skip
    derived = base.with_observations(observations, 1)
    assert derived._id_lookup is lookup and derived.bounds is bounds
    assert derived.position("b") == 1
    assert derived.serial != base.serial
    assert derived.sites["status"].tolist() == ["damaged", "unknown"]
    assert "year_bounds" not in derived.__dict__  # what observations can change is derived again
    assert derived.year_bounds == (2001, 2001)
