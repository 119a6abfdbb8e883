"""The map adapter's hold on streamlit-folium: fails loudly when an upgrade changes what it uses.

heritage/ui/mapcomponent.py names every private function it calls (PRIVATE), the template it
writes the marker layer with (LAYER_SCRIPT), the title of the component's frame (MAP_FRAME) and
the browser globals static/heritage/sites.js reads (BROWSER_GLOBALS). Upgrading streamlit-folium
means reading these again; this test says which one moved. It also holds the adapter's door: no
other module of the app imports streamlit_folium, and sites.js replaces nothing of Leaflet's or
the component's.
"""

from __future__ import annotations

import ast
import re
from importlib.metadata import version
from pathlib import Path

import folium
import numpy as np
import streamlit_folium as sf

from heritage.clustering import cluster_view
from heritage.mapping import TileConfig, _Script, base_map, layer_payload
from heritage.ui.mapcomponent import BROWSER_GLOBALS, MAP_FRAME, PRIVATE, ViewRequest, layer_script, move_script
from heritage.view import MapView

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = next((Path(sf.__file__).parent / "frontend" / "build" / "static" / "js").glob("main.*.js"))


def test_the_installed_streamlit_folium_is_the_pinned_one():
    pinned = re.search(r"^streamlit-folium==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned and version("streamlit-folium") == pinned.group(1) == "0.27.4"


def test_every_private_function_the_adapter_calls_is_there():
    missing = [name for name in PRIVATE if not callable(getattr(sf, name, None))]
    assert missing == [], f"streamlit-folium no longer has {missing}: update heritage/ui/mapcomponent.py"


def test_the_component_page_still_offers_what_sites_js_reads():
    bundle = BUNDLE.read_text(encoding="utf-8", errors="replace")
    assert "window.Streamlit=" in bundle  # sites.js reports a clicked site's id through it
    assert all(name in bundle for name in BROWSER_GLOBALS)
    # returned_objects=[] must mean "report nothing": a pan then runs no script (issue 15).
    assert "returned_objects.includes" in bundle


def test_sites_js_reads_no_other_component_global():
    script = (ROOT / "static" / "heritage" / "sites.js").read_text(encoding="utf-8")
    assert "__GLOBAL_DATA__" not in script
    assert "window.Streamlit" in script and "window.map" in script


def test_sites_js_patches_no_library():
    """Leaflet's and the component's own objects are used, never replaced (issue 15)."""
    script = (ROOT / "static" / "heritage" / "sites.js").read_text(encoding="utf-8")
    assert ".prototype." not in script
    assert "setComponentValue =" not in script and "setComponentValue=" not in script


def _imports_streamlit_folium(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(name.split(".")[0] == "streamlit_folium" for name in names):
            return True
    return False


def test_only_the_adapter_imports_streamlit_folium():
    """The map page, the site page and every other part of the app draw through the adapter."""
    files = [ROOT / "app.py", ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "heritage").rglob("*.py")]
    importing = sorted(str(path.relative_to(ROOT)) for path in files if _imports_streamlit_folium(path))
    assert importing == ["heritage/ui/mapcomponent.py"]


def test_the_map_frame_is_titled_with_the_components_name():
    assert MAP_FRAME == f'iframe[title="{sf._component_func.name}"]' == 'iframe[title="streamlit_folium.st_folium"]'


def test_layer_script_is_what_streamlit_folium_makes_of_the_layer():
    """The map component gets the layer as a script written directly; it must match st_folium's."""
    shown = {
        "lat": np.array([40.0, 41.0]), "lon": np.array([47.0, 48.0]), "status_code": np.array([0, 1]),
        "id": np.array(["a", "b"], dtype=object), "name": np.array(["A</script>", "B"], dtype=object),
    }  # fmt: skip
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (38, 44, 42, 51), 7, 7)
    payload = layer_payload(shown, layer, selected="a")
    group = folium.FeatureGroup(name="Sites", control=False)  # what st_folium() would be given
    _Script("drawSites", payload).add_to(group)
    theirs = sf._get_feature_group_string(group, base_map(TileConfig(url=None)))
    ours = layer_script(payload)
    assert re.sub(r"\s+", " ", ours).strip() == re.sub(r"\s+", " ", theirs).strip()
    assert "</script>" not in ours
    assert "map_div" in theirs  # the map's name in the component's page, which move_script uses too


def test_a_view_request_is_one_numbered_move():
    move = move_script(ViewRequest(MapView(40.4, 48.5, 9), 3))
    assert move == 'HeritageMap.moveTo(map_div, {"lat":40.4,"lon":48.5,"zoom":9,"request":3});\n'
    assert move_script(None) == ""
    assert "H.moveTo = function (map, request)" in (ROOT / "static" / "heritage" / "sites.js").read_text("utf-8")
