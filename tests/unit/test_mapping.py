"""The map builder: first the folium object, then the HTML it renders."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pytest

from heritage.clustering import cluster_view
from heritage.dataset import Dataset
from heritage.extent import Bounds
from heritage.mapping import STATUS_STYLE, TileConfig, base_map, layer_payload, map_setup, safe_json
from heritage.schema import STATUSES
from tests.conftest import HOSTILE_NAME


def test_base_map_opens_on_the_bounds_it_is_given():
    world = Bounds(south=-50.0, west=-170.0, north=70.0, east=170.0)
    fmap = base_map(TileConfig(url=None), map_setup(world))
    assert fmap.location == [10.0, 0.0]
    assert fmap.options["zoom"] == 1
    assert "[[-50.0, -170.0], [70.0, 170.0]]" in fmap.get_root().render()


def test_base_map_object():
    fmap = base_map(TileConfig(url=None), map_setup(Bounds(south=38.35, west=44.75, north=41.95, east=50.65)))
    assert fmap.location == pytest.approx([40.15, 47.7])
    assert fmap.options["zoom"] == 6
    assert not any(isinstance(child, folium.TileLayer) for child in fmap._children.values())
    with_tiles = base_map(TileConfig(url="https://tiles.example.gov/{z}/{x}/{y}.png", attribution="Office"))
    [tiles] = [c for c in with_tiles._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.tiles == "https://tiles.example.gov/{z}/{x}/{y}.png"


def test_map_loads_nothing_from_the_internet():
    html = base_map(TileConfig(url=None)).get_root().render()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, "Leaflet must be loaded by a script tag"
    assert all(src.startswith("/app/static/") for src in sources), sources
    assert "/app/static/vendor/leaflet/leaflet.js" in sources


def test_tile_configuration_from_environment(monkeypatch):
    monkeypatch.setenv("HERITAGE_TILES", "none")
    assert TileConfig.from_environment().url is None
    monkeypatch.setenv("HERITAGE_TILES", "https://gis.example.gov/tiles/{z}/{x}/{y}.png")
    config = TileConfig.from_environment()
    assert config.url.startswith("https://gis.example.gov") and "gis.example.gov" in config.attribution


def test_every_status_has_its_own_colour_and_shape():
    assert set(STATUS_STYLE) == set(STATUSES)
    assert len({color for color, _ in STATUS_STYLE.values()}) == len(STATUSES)
    assert len({shape for _, shape in STATUS_STYLE.values()}) == len(STATUSES)


def test_safe_json_cannot_close_the_script():
    text = safe_json({"name": "</script><script>alert(1)</script>", "t": "`${alert(2)}`\u2028"})
    assert "</script>" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_the_layer_script_carries_the_view_as_inert_data(hostile_file):
    from heritage.ui.mapcomponent import layer_script

    dataset = Dataset.load(hostile_file)
    shown = dataset.shown_columns(np.ones(len(dataset.sites), dtype=bool))
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (38, 44, 42, 51), 9, len(STATUSES))
    script = layer_script(layer_payload(shown, layer, selected="hostile"))
    assert script.count("HeritageMap.drawSites(") == 1  # one call for all markers: no per-site object
    assert HOSTILE_NAME not in script and "<img src=x" not in script
    payload = json.loads(re.search(r"HeritageMap\.drawSites\([^,]+, (\{.*?\})\);", script).group(1))
    names = [single[4] for single in payload["singles"]]
    assert HOSTILE_NAME in names
    assert payload["selected"] == "hostile"
    assert len(payload["singles"]) + sum(c[2] for c in payload["clusters"]) == len(dataset.sites)


def test_polygon_sites_are_drawn_as_outlines(tmp_path):
    from heritage.mapping import outlines_for
    from heritage.synthetic import write_geojson
    from tests.conftest import feature

    polygon = feature("p", status="damaged")
    polygon["geometry"] = {"type": "Polygon", "coordinates": [[[47, 40], [47.1, 40], [47.1, 40.1], [47, 40]]]}
    dataset = Dataset.load(write_geojson(tmp_path / "s.geojson", [feature("a"), polygon]))
    [outline] = outlines_for(dataset.sites, np.array([0, 1]))
    assert outline["geometry"]["type"] == "Polygon" and outline["status"] == list(STATUSES).index("damaged")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tiles-server", "HERITAGE_TILES='tiles-server' is not an http or https address"),
        ("https://tiles.example/tiles.png", "HERITAGE_TILES='https://tiles.example/tiles.png' has no {z}, {x}, {y}"),
        ("https://tiles.example/{z}/{x}.png", "has no {y}: a tile address looks like"),
    ],
)
def test_a_tile_setting_that_is_not_a_template_gives_outlines_and_a_message(monkeypatch, value, message):
    monkeypatch.setenv("HERITAGE_TILES", value)
    config = TileConfig.from_environment()
    assert config.url is None
    assert message in config.problem and config.problem.endswith("The map shows the outlines only.")
    html = base_map(config).get_root().render()
    assert "tiles.example" not in html and "tiles-server" not in html


def test_the_live_map_and_the_briefing_start_from_one_setup():
    """Both maps take their zooms and HeritageMap.setup's payload from mapping.map_setup."""
    setup = map_setup(Bounds(south=38.35, west=44.75, north=41.95, east=50.65))
    options = setup.leaflet_options()
    assert options["center"] == pytest.approx([40.15, 47.7])
    assert (options["zoom"], options["minZoom"], options["maxZoom"]) == (6, 1, 19)
    fmap = base_map(TileConfig(url=None), map_setup(Bounds(south=38.35, west=44.75, north=41.95, east=50.65)))
    assert '"minZoom": 1' in fmap.get_root().render() and '"maxZoom": 19' in fmap.get_root().render()
    small = map_setup(center=(40.4, 49.8), zoom=15, compact=True)
    assert small.leaflet_options()["center"] == [40.4, 49.8] and small.fit is None
    assert small.payload["compact"] is True and small.payload["attribution"] == "Natural Earth, GeoNames (CC BY 4.0)"
