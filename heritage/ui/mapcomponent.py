"""The map adapter: every streamlit-folium internal the dashboard relies on, in one place.

streamlit-folium is the product's map component; its public st_folium() re-renders the whole
map on every run. What this module uses that is not its public API (PRIVATE below, the
feature-group template LAYER_SCRIPT, the component frame's title MAP_FRAME, and in the browser
the globals BROWSER_GLOBALS that static/heritage/sites.js reads) is checked by
tests/unit/test_mapcomponent.py against the installed version, so an upgrade that changes any
of it fails loudly there. No other module of the app imports streamlit_folium (tests/unit/test_mapcomponent.py):
the map page (heritage/ui/sitemap.py) and the site page (heritage/ui/site_page.py) both draw
through show_map(). The briefing is a file with no Streamlit: it draws plain Leaflet from the
same set-up (heritage/mapping.py `map_setup`) and the same browser code (sites.js).

The main map's component: streamlit-folium's, fed a base map rendered once per process.

st_folium() renders the whole folium map (Jinja templates, fresh element ids) on every run,
which was the largest cost of a run. Our base map never changes for a given tile
configuration, so its script, header and HTML are rendered once and shared by every session;
each run passes only the marker layer's script (layer_script below) and the view.
This mirrors what streamlit-folium 0.27's st_folium() passes to its component; the pinned
version in requirements.txt is the one it was written against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium.elements
import streamlit as st
import streamlit_folium as sf

from heritage.extent import Bounds, start_zoom
from heritage.i18n import DEFAULT_LANGUAGE, translator
from heritage.mapping import TileConfig, base_map, map_setup, safe_json
from heritage.ui import session
from heritage.view import MapView

# streamlit-folium's functions used here that are not its public API (it was written against 0.27.4).
PRIVATE = ("_get_html", "_get_header", "_get_map_string", "_component_func", "get_full_id", "generate_js_hash")
# What sites.js reads from the component's page: the Leaflet map and the component library.
BROWSER_GLOBALS = ("window.map", "window.Streamlit")
# The map's frame on the page (Streamlit titles a component's iframe with its name): the live
# events' script finds the map by it, the presenter's style sizes it (heritage/ui/live.py, presenter.py).
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

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
class ViewRequest:
    """A view the page asks the map to show, numbered (heritage/ui/viewstate.py `request_view`).

    The component moves the map only when the centre or zoom it is sent differs from the last
    it applied, so a view asked for again after the person panned away would not move it. The
    request travels with the layer script instead, and sites.js (`moveTo`) applies each number
    once: the same view asked for again is a new number and moves the map back.
    """

    view: MapView
    number: int


def move_script(request: ViewRequest | None) -> str:
    """The line that moves the map to `request` (nothing without one), run with the layer script."""
    if request is None:
        return ""
    move = {"lat": request.view.lat, "lon": request.view.lon, "zoom": request.view.zoom, "request": request.number}
    return f"HeritageMap.moveTo(map_div, {safe_json(move)});\n"


def opening_script(center: tuple[float, float] | None, zoom: int | None) -> str:
    """The line that tells sites.js where the component opens a map drawn afresh (see `viewParam`).

    Leaflet keeps the map's origin in whole pixels; once the map is resized, its centre reads up
    to a pixel off this view, and the link would name that instead of the view it was opened at.
    """
    if center is None or zoom is None:
        return ""
    return f"HeritageMap.opensAt(map_div, {safe_json({'lat': center[0], 'lon': center[1], 'zoom': zoom})});\n"


def drawn_script(page_token: str | None) -> str:
    """The line that has the map say, once, that it has drawn its first markers (heritage/ui/firstpaint.py)."""
    if not page_token:
        return ""
    return f"HeritageMap.announceDrawn(map_div, {safe_json(page_token)});\n"


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
def base_parts(tiles: TileConfig, bounds: Bounds, language: str = DEFAULT_LANGUAGE, compact: bool = False) -> BaseParts:
    """Rendered once per tile configuration, data extent, language (the legend's) and size (`compact`: a small map)."""
    # A small map is always placed by its caller (center=, zoom=): it opens at the extent's centre
    # without a fit, since Leaflet drops a move asked for while it animates the fit's zoom.
    fixed = {"center": bounds.center, "zoom": start_zoom(bounds)} if compact else {}
    fmap = base_map(tiles, map_setup(bounds, translator=translator(language), compact=compact, **fixed))
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


def _component_key(tiles: TileConfig, bounds: Bounds, key: str, language: str, compact: bool = False) -> str:
    return sf.generate_js_hash(base_parts(tiles, bounds, language, compact).script, key, False)


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
    move: ViewRequest | None = None,
    compact: bool = False,
    page_token: str | None = None,
) -> dict | None:
    """Draw the map with `layer_script` as its marker layer; its value is the session's widget value of `key`.

    `center` and `zoom` place a map drawn afresh; `move` moves a map already on the page (once
    per request number). `compact`: a small map (folded legend, one-line credit), the site page's.
    `page_token`: the map says with it when it has drawn (the map page's load waits for that).
    """
    parts = base_parts(tiles, bounds, language, compact)
    component_key = _component_key(tiles, bounds, key, language, compact)
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
        # The move after the layer: its layer is fetched.
        feature_group=layer_script + opening_script(center, zoom) + move_script(move) + drawn_script(page_token),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(parts.css_links),
        js_links=list(parts.js_links),
        on_change=_changed,
        wrap_longitude=False,
    )
