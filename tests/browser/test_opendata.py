"""Open data through the served app (`streamlit run app.py`, shipped data): a GIS client reads /api.

OWSLib's OGC API - Features client, written by others, reads the routes as QGIS would. Counts
are the shipped data's (data/SOURCES.md: 898 sites, `restored` 7).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from owslib.ogcapi.features import Features

from heritage.sources import DEFAULT_DATA

from .conftest import App, serve

pytestmark = pytest.mark.browser

SHIPPED_SITES = 898
RESTORED = 7
BAKU = [49.7, 40.3, 50.0, 40.5]  # west, south, east, north: 189 shipped sites
BAKU_SITES = 189


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory) -> Iterator[App]:
    """The app as `make run` starts it, on the shipped data, with a private store."""
    with serve(tmp_path_factory.mktemp("opendata-app"), DEFAULT_DATA) as running:
        yield running


def test_owslib_reads_the_sites(shipped_app):
    api = Features(f"{shipped_app.url}/api")
    assert api.feature_collections() == ["sites"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    everything = api.collection_items("sites", limit=1)
    assert everything["numberMatched"] == SHIPPED_SITES
    restored = api.collection_items("sites", status="restored")
    assert restored["numberMatched"] == restored["numberReturned"] == RESTORED
    assert {f["properties"]["status"] for f in restored["features"]} == {"restored"}
    baku = api.collection_items("sites", bbox=BAKU, limit=50)
    assert baku["numberMatched"] == BAKU_SITES and baku["numberReturned"] == 50
    following = next(link["href"] for link in baku["links"] if link["rel"] == "next")
    assert "offset=50" in following and "bbox=" in following
    assert api.collection_item("sites", "az-2")["properties"]["name_local"] == "İçərişəhər"
    with pytest.raises(RuntimeError, match="not a known status"):
        api.collection_items("sites", status="ruined")
