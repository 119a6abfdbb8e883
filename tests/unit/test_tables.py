"""The Sites table as a person reads it: natural id order, empty cells for missing values."""

from __future__ import annotations

from heritage.sources import load_sites
from heritage.synthetic import write_geojson
from heritage.ui.tables import readable
from tests.conftest import feature


def test_ids_in_natural_order_and_missing_values_empty(tmp_path):
    features = [
        feature("az-10"),
        feature("az-2", designations=["unesco_world_heritage"], inscription_year=2000),
        feature("az-2.2"),
        feature("az-1"),
    ]
    table = readable(load_sites(write_geojson(tmp_path / "s.geojson", features)).sites)
    assert list(table["Id"]) == ["az-1", "az-2", "az-2.2", "az-10"]
    assert list(table["Inscribed"]) == ["", "2000", "", ""]
    assert "None" not in table.astype(str).to_numpy()
