"""What the browser's map reports is checked before any work: one message must not freeze a copy.

The map component's value (zoom, centre, bounds, the clicked marker) arrives in a websocket
message that anyone can write. A zoom of 4e9 once cost 36 s of CPU and 1.5 GB (2**zoom); NaN
or infinite numbers raised. Out of range, the report is ignored: the view stays as it was.
"""

from __future__ import annotations

import pytest

from tests.app.hostile import assert_clean
from tests.app.pages import open_page

BOUNDS = {"_southWest": {"lat": 38.5, "lng": 44.5}, "_northEast": {"lat": 42.0, "lng": 51.0}}
CENTER = {"lat": 40.25, "lng": 47.75}
NAN, INF = float("nan"), float("inf")
# Far under what zoom 4e9 costs (36 s of CPU), far over what a normal run takes on a loaded machine.
RUN_TIMEOUT = 20


@pytest.fixture
def small_data(monkeypatch, tmp_path):
    from heritage.synthetic import synthetic_features, write_geojson

    monkeypatch.setenv("HERITAGE_DATA", str(write_geojson(tmp_path / "sites.geojson", synthetic_features(30))))
    monkeypatch.setenv("HERITAGE_TILES", "none")


REPORTS = {
    "zoom 4e9": {"bounds": BOUNDS, "zoom": 4e9, "center": CENTER},
    "zoom 2e9 as an integer": {"bounds": BOUNDS, "zoom": 2_000_000_000, "center": CENTER},
    "zoom infinite": {"bounds": BOUNDS, "zoom": INF, "center": CENTER},
    "zoom NaN": {"bounds": BOUNDS, "zoom": NAN, "center": CENTER},
    "bounds NaN": {"bounds": {"_southWest": {"lat": NAN, "lng": 44.5}, "_northEast": BOUNDS["_northEast"]}, "zoom": 7},
    "bounds huge": {"bounds": {"_southWest": {"lat": -1e308, "lng": -1e308},
                               "_northEast": {"lat": 1e308, "lng": 1e308}}, "zoom": 19},
    "centre infinite": {"bounds": BOUNDS, "zoom": 7, "center": {"lat": INF, "lng": 47.75}},
    "click NaN": {"bounds": BOUNDS, "zoom": 7, "center": CENTER, "last_object_clicked": {"lat": NAN, "lng": NAN},
                  "last_object_clicked_count": 1},
}  # fmt: skip


@pytest.mark.parametrize("report", list(REPORTS))
def test_a_report_out_of_range_is_ignored_quickly(small_data, report, caplog):
    app = open_page(params={"view": "40.1,47.6,8"})
    shown = app.metric[0].value
    app.session_state["sitemap"] = REPORTS[report]
    app.run(timeout=RUN_TIMEOUT)
    assert_clean(app)
    assert app.metric[0].value == shown == "30"
    view = app.query_params.get("view")
    assert view in (None, "40.10000,47.60000,8", ["40.10000,47.60000,8"]), view  # the link's view, unchanged
