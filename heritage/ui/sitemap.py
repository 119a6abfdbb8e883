"""The map panel: the base map, the marker layer for the current view, and clicks on it."""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from heritage.clustering import cluster_view, pad
from heritage.dataset import Dataset
from heritage.links import MapView
from heritage.mapping import AZERBAIJAN_ZOOM, TileConfig, base_map, outlines_for, site_layer
from heritage.schema import STATUSES

MAP_KEY = "sitemap"
RETURNED = [
    "bounds",
    "zoom",
    "center",
    "last_object_clicked",
    "last_object_clicked_tooltip",
    "last_object_clicked_count",
]
# Before the browser reports its bounds: Azerbaijan with a margin, as drawn at zoom 7.
START_BOUNDS = (37.5, 43.0, 42.5, 52.5)
NO_MATCH = "No site matches these filters"
FOUND_FEW = 20  # a search finding at most this many sites zooms the map to them and lists them


def request_view(view: MapView) -> None:
    """Ask the map to show `view` on its next draw.

    The map moves only when the requested view differs from the last one sent, so a repeated
    request is nudged by a hair to move it back after a manual pan.
    """
    nudge = 1e-7 * (st.session_state.get("view_requests", 0) % 2)
    st.session_state.view_requests = st.session_state.get("view_requests", 0) + 1
    st.session_state.requested_view_shown = False
    st.session_state.requested_view = MapView(view.lat + nudge, view.lon, view.zoom)


def current_view() -> tuple[tuple[float, float, float, float], int]:
    """The bounds and zoom the browser last reported (south, west, north, east)."""
    value = st.session_state.get(MAP_KEY) or {}
    bounds, zoom = value.get("bounds"), value.get("zoom")
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        return (sw["lat"], sw["lng"], ne["lat"], ne["lng"]), int(zoom)
    except (TypeError, KeyError, ValueError):
        return START_BOUNDS, AZERBAIJAN_ZOOM - 1


def reported_view() -> MapView | None:
    value = st.session_state.get(MAP_KEY) or {}
    center, zoom = value.get("center"), value.get("zoom")
    if not center or zoom is None:
        return None
    return MapView(round(center["lat"], 5), round(center["lng"], 5), int(zoom))


def shown_view() -> MapView | None:
    """The view a link should name: the one asked for until the map reports having shown it.

    Right after a link opens, the map may still report its start view; naming that in the
    URL would make a re-shared link lose the view it was opened with.
    """
    requested, reported = st.session_state.get("requested_view"), reported_view()
    if requested is None or st.session_state.get("requested_view_shown"):
        return reported
    if reported is not None and reported.zoom == requested.zoom and _near(reported, requested):
        st.session_state.requested_view_shown = True
        return reported
    return requested


def _near(a: MapView, b: MapView, degrees: float = 1e-3) -> bool:
    return abs(a.lat - b.lat) <= degrees and abs(a.lon - b.lon) <= degrees


def render_map(
    data: Dataset,
    mask: np.ndarray,
    selected: str | None,
    requested: MapView | None,
    height: int = 620,
    present: bool = False,
) -> None:
    """Draw the map; the base never changes, so the browser keeps its pan and zoom."""
    bounds, zoom = current_view()
    shown = data.shown_columns(mask)
    hits = np.flatnonzero(shown["id"] == selected) if selected else []
    keep = int(hits[0]) if len(hits) else None
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], pad(bounds), zoom, len(STATUSES), keep)
    south, west, north, east = pad(bounds)
    in_view = (shown["lat"] >= south) & (shown["lat"] <= north) & (shown["lon"] >= west) & (shown["lon"] <= east)
    outlines = outlines_for(data.sites, shown["row"][in_view & data.is_polygon[shown["row"]]])
    no_match = NO_MATCH if not mask.any() else None
    group = site_layer(shown, layer, selected=selected, outlines=outlines, no_match=no_match)
    st.session_state.map_singles = {
        "lat": shown["lat"][layer.singles],
        "lon": shown["lon"][layer.singles],
        "id": shown["id"][layer.singles],
        "name": shown["name"][layer.singles],
    }
    st_folium(
        base_map(TileConfig.from_environment(), arrows_to_page=present),
        key=MAP_KEY,
        feature_group_to_add=group,
        center=(requested.lat, requested.lon) if requested else None,
        zoom=requested.zoom if requested else None,
        returned_objects=RETURNED,
        use_container_width=True,
        height=height,
    )
    if layer.truncated:
        st.caption(
            f"{layer.in_view:,} sites in view; the first {len(layer.singles):,} are drawn. Zoom in to see the rest."
        )


def clicked_site() -> str | None:
    """The id of a site marker the user clicked since the last rerun, if any.

    The browser reports only the marker's position (and tooltip text); the id is found
    among the single markers drawn on the previous run.
    """
    value = st.session_state.get(MAP_KEY) or {}
    clicked, count = value.get("last_object_clicked"), value.get("last_object_clicked_count")
    if not clicked or count == st.session_state.get("handled_click"):
        return None
    st.session_state.handled_click = count
    singles = st.session_state.get("map_singles")
    if not singles or not len(singles["id"]):
        return None
    distance = np.hypot(singles["lat"] - clicked["lat"], singles["lon"] - clicked["lng"])
    nearest = np.flatnonzero(distance <= distance.min() + 1e-9)
    if distance.min() > 1e-5:
        return None  # a cluster or an outline, not a site
    tooltip = (value.get("last_object_clicked_tooltip") or "").strip()
    for position in nearest:  # sites sharing one spot: the tooltip names the one clicked
        if tooltip.startswith(str(singles["name"][position])):
            return str(singles["id"][position])
    return str(singles["id"][nearest[0]])


def view_around(lat: np.ndarray, lon: np.ndarray, width_px: int = 800, height_px: int = 560) -> MapView:
    """The centre and the largest zoom (at most 14) at which all these points fit the map."""
    south, north, west, east = float(lat.min()), float(lat.max()), float(lon.min()), float(lon.max())
    zoom = 14
    while zoom > 3:
        degrees_per_px = 360 / (256 * 2**zoom)
        lat_span = (north - south) / max(np.cos(np.radians((north + south) / 2)), 0.2)
        if (east - west) <= degrees_per_px * width_px * 0.8 and lat_span <= degrees_per_px * height_px * 0.8:
            break
        zoom -= 1
    return MapView(round((south + north) / 2, 5), round((west + east) / 2, 5), zoom)
