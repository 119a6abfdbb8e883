"""Shared fixtures: small generated datasets. Nothing here is shipped data."""

from __future__ import annotations

import copy

import pytest

from heritage.synthetic import synthetic_features, write_geojson

HOSTILE_NAME = "<img src=x onerror=alert(1)>${alert(2)}`"


def feature(site_id: str, lon: float = 47.0, lat: float = 40.0, **properties) -> dict:
    """One valid feature; keyword arguments override its properties (None removes nothing)."""
    base = {
        "id": site_id,
        "name": f"Site {site_id}",
        "status": "unknown",
        "designations": [],
        "source": "Test fixture",
        "category": "cultural",
    }
    base.update(properties)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": base}


@pytest.fixture
def synthetic_file(tmp_path):
    return write_geojson(tmp_path / "sites.geojson", synthetic_features(300))


@pytest.fixture
def hostile_file(tmp_path):
    features = synthetic_features(20)
    hostile = copy.deepcopy(features[0])
    hostile["properties"].update(id="hostile", name=HOSTILE_NAME, description="<script>alert(3)</script> `${alert(4)}`")
    hostile["geometry"]["coordinates"] = [46.0, 41.5]
    return write_geojson(tmp_path / "hostile.geojson", [*features, hostile])


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    """Every test gets its own SQLite store and cache folder; nothing is written to data/."""
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("HERITAGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("heritage.current._last_answer", None)  # no look at another test's store is shared
