"""The map adapter: every streamlit-folium internal the dashboard relies on, in one place.

streamlit-folium is the product's map component; its public st_folium() re-renders the whole
map on every run. What this module uses that is not its public API (PRIVATE below, the
feature-group template LAYER_SCRIPT, and in the browser the globals BROWSER_GLOBALS that
static/heritage/sites.js reads) is checked by tests/unit/test_mapcomponent.py against the
installed version, so an upgrade that changes any of it fails loudly there.

The main map's component: streamlit-folium's, fed a base map rendered once per process.

st_folium() renders the whole folium map (Jinja templates, fresh element ids) on every run,
which was the largest cost of a run. Our base map never changes for a given tile
configuration, so its script, header and HTML are rendered once and shared by every session;
each run passes only the marker layer's script (see mapping.layer_script) and the view.
This mirrors what streamlit-folium 0.27's st_folium() passes to its component; the pinned
version in requirements.txt is the one it was written against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium.elements
import streamlit as st
import streamlit_folium as sf

from heritage.extent import Bounds
from heritage.i18n import DEFAULT_LANGUAGE, translator
from heritage.mapping import TileConfig, base_map, safe_json
from heritage.ui import session

# streamlit-folium's functions used here that are not its public API (it was written against 0.27.4).
PRIVATE = ("_get_html", "_get_header", "_get_map_string", "_component_func", "get_full_id", "generate_js_hash")
# What sites.js reads from the component's page: the Leaflet map and the component library.
BROWSER_GLOBALS = ("window.map", "window.Streamlit")

# The script streamlit-folium 0.27 makes of site_layer()'s FeatureGroup for its map component
# (`feature_group=`), written directly: building and rendering folium elements on every run
# costs more than the rest of the run. tests/unit/test_mapping.py checks the two agree.
LAYER_SCRIPT = """
var feature_group_feature_group_0 = L.featureGroup(
    {
}
);

HeritageMap.drawSites(feature_group_feature_group_0, %s);

feature_group_feature_group_0.addTo(map_div);

map_div.addLayer(feature_group_feature_group_0);
window.feature_group = window.feature_group || [];
window.feature_group.push(feature_group_feature_group_0);
"""


def layer_script(payload: dict) -> str:
    """The marker layer as the map component's feature-group script (payload as inert JSON)."""
    return LAYER_SCRIPT % safe_json(payload)


@dataclass(frozen=True)
class BaseParts:
    """What st_folium sends for the map itself, the same on every run."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict
    zoom: int | None


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scripts and styles the map's elements declare (ours: served from static/)."""
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


@st.cache_resource(show_spinner=False)
def base_parts(tiles: TileConfig, bounds: Bounds, language: str = DEFAULT_LANGUAGE) -> BaseParts:
    """Rendered once per tile configuration, data extent and language (the legend is in the reader's language)."""
    fmap = base_map(tiles, bounds, translator=translator(language))
    fmap.get_root().render()
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    (south, west), (north, east) = fmap.get_bounds()
    css, js = _links(fmap)
    return BaseParts(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(fmap),
        css_links=css,
        js_links=js,
        bounds={"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        zoom=fmap.options.get("zoom"),
    )


def _component_key(tiles: TileConfig, bounds: Bounds, key: str, language: str) -> str:
    return sf.generate_js_hash(base_parts(tiles, bounds, language).script, key, False)


def map_drawn_before(tiles: TileConfig, bounds: Bounds, key: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether this map is on the page since the last run (Streamlit forgets a widget a page did not draw)."""
    return session.widget_value(_component_key(tiles, bounds, key, language)) is not None


def show_map(
    tiles: TileConfig,
    bounds: Bounds,
    layer_script: str,
    key: str,
    returned: list[str],
    center: tuple[float, float] | None,
    zoom: int | None,
    height: int,
    on_change: Callable[[], None] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> dict | None:
    """Draw the map with `layer_script` as its marker layer; its value is the session's widget value of `key`."""
    parts = base_parts(tiles, bounds, language)
    component_key = _component_key(tiles, bounds, key, language)
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "bounds": parts.bounds,
        "zoom": parts.zoom,
    }

    def _changed() -> None:
        session.set_widget_value(key, session.widget_value(component_key, {}))
        if on_change is not None:
            on_change()

    return sf._component_func(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.map_id,
        key=component_key,
        height=height,
        width=None,
        returned_objects=returned,
        default={name: value for name, value in defaults.items() if name in returned},
        zoom=zoom,
        center=center,
        feature_group=layer_script,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(parts.css_links),
        js_links=list(parts.js_links),
        on_change=_changed,
        wrap_longitude=False,
    )
