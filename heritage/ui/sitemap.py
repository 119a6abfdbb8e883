"""The map panel: the base map, the marker layer for the current view, and clicks on it."""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from heritage.clustering import cluster_view, pad
from heritage.dataset import Dataset
from heritage.extent import AZERBAIJAN, Bounds, start_zoom
from heritage.links import MapView
from heritage.mapping import TileConfig, base_map, outlines_for, site_layer
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


def current_view(data_bounds: Bounds | None) -> tuple[Bounds, int]:
    """The bounds and zoom the browser last reported; before it has, the data's extent with a margin."""
    value = st.session_state.get(MAP_KEY) or {}
    bounds, zoom = value.get("bounds"), value.get("zoom")
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        return Bounds(sw["lat"], sw["lng"], ne["lat"], ne["lng"]), int(zoom)
    except (TypeError, KeyError, ValueError):
        start = data_bounds or AZERBAIJAN
        return start.padded(1.0), start_zoom(start)


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
    data: Dataset, mask: np.ndarray, selected: str | None, requested: MapView | None, height: int = 620
) -> None:
    """Draw the map; the base never changes, so the browser keeps its pan and zoom."""
    bounds, zoom = current_view(data.bounds)
    shown = data.shown_columns(mask)
    hits = np.flatnonzero(shown["id"] == selected) if selected else []
    keep = int(hits[0]) if len(hits) else None
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], pad(bounds), zoom, len(STATUSES), keep)
    south, west, north, east = pad(bounds)
    in_view = (shown["lat"] >= south) & (shown["lat"] <= north) & (shown["lon"] >= west) & (shown["lon"] <= east)
    outlines = outlines_for(data.sites, shown["row"][in_view & data.is_polygon[shown["row"]]])
    group = site_layer(shown, layer, selected=selected, outlines=outlines)
    st.session_state.map_singles = {
        "lat": shown["lat"][layer.singles],
        "lon": shown["lon"][layer.singles],
        "id": shown["id"][layer.singles],
        "name": shown["name"][layer.singles],
    }
    st_folium(
        base_map(TileConfig.from_environment(), data.bounds or AZERBAIJAN),
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
