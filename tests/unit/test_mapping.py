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
from heritage.mapping import STATUS_STYLE, TileConfig, base_map, safe_json, site_layer
from heritage.schema import STATUSES
from tests.conftest import HOSTILE_NAME


def test_base_map_opens_on_the_bounds_it_is_given():
    world = Bounds(south=-50.0, west=-170.0, north=70.0, east=170.0)
    fmap = base_map(TileConfig(url=None), world)
    assert fmap.location == [10.0, 0.0]
    assert fmap.options["zoom"] == 1
    assert "[[-50.0, -170.0], [70.0, 170.0]]" in fmap.get_root().render()


def test_base_map_object():
    fmap = base_map(TileConfig(url=None), Bounds(south=38.35, west=44.75, north=41.95, east=50.65))
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


def test_site_layer_carries_the_view_as_data(hostile_file):
    dataset = Dataset.load(hostile_file)
    shown = dataset.shown_columns(np.ones(len(dataset.sites), dtype=bool))
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (38, 44, 42, 51), 9, len(STATUSES))
    group = site_layer(shown, layer, selected="hostile")
    fmap = base_map(TileConfig(url=None))
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert "HeritageMap.drawSites(" in html
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    payload = json.loads(re.search(r"HeritageMap\.drawSites\([^,]+, (\{.*?\})\);", html).group(1))
    names = [single[4] for single in payload["singles"]]
    assert HOSTILE_NAME in names
    assert payload["selected"] == "hostile"
    assert len(payload["singles"]) + sum(c[2] for c in payload["clusters"]) == len(dataset.sites)
    # one element for all markers: no per-site folium object
    scripts = [child for child in group._children.values() if type(child).__name__ == "_Script"]
    assert len(scripts) == 1
    assert not any(isinstance(child, folium.Marker) for child in group._children.values())


def test_polygon_sites_are_drawn_as_outlines(tmp_path):
    from heritage.mapping import outlines_for
    from heritage.synthetic import write_geojson
    from tests.conftest import feature

    polygon = feature("p", status="damaged")
    polygon["geometry"] = {"type": "Polygon", "coordinates": [[[47, 40], [47.1, 40], [47.1, 40.1], [47, 40]]]}
    dataset = Dataset.load(write_geojson(tmp_path / "s.geojson", [feature("a"), polygon]))
    [outline] = outlines_for(dataset.sites, np.array([0, 1]))
    assert outline["geometry"]["type"] == "Polygon" and outline["status"] == list(STATUSES).index("damaged")


def test_layer_script_is_what_streamlit_folium_makes_of_the_layer():
    """The map component gets the layer as a script written directly; it must match st_folium's."""
    import re

    import numpy as np
    from streamlit_folium import _get_feature_group_string

    from heritage.clustering import cluster_view
    from heritage.mapping import TileConfig, base_map, layer_payload, site_layer
    from heritage.ui.mapcomponent import layer_script

    shown = {
        "lat": np.array([40.0, 41.0]), "lon": np.array([47.0, 48.0]), "status_code": np.array([0, 1]),
        "id": np.array(["a", "b"], dtype=object), "name": np.array(["A</script>", "B"], dtype=object),
    }  # fmt: skip
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (38, 44, 42, 51), 7, 7)
    theirs = _get_feature_group_string(site_layer(shown, layer, selected="a"), base_map(TileConfig(url=None)))
    ours = layer_script(layer_payload(shown, layer, selected="a"))
    assert re.sub(r"\s+", " ", ours).strip() == re.sub(r"\s+", " ", theirs).strip()
    assert "</script>" not in ours


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
