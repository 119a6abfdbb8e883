"""The map panel: the base map, the marker layer for the current view, and clicks on it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from heritage.clustering import cluster_view, pad, snap
from heritage.dataset import Dataset
from heritage.extent import AZERBAIJAN, Bounds, start_zoom
from heritage.filters import SiteFilter
from heritage.i18n import N_, translator
from heritage.mapping import TileConfig, layer_payload, layer_script, outlines_for
from heritage.schema import STATUSES
from heritage.ui import session, viewstate
from heritage.ui.data import data_key, shown_mask
from heritage.ui.language import current_translator
from heritage.ui.mapcomponent import map_drawn_before, show_map
from heritage.view import MapView

MAP_KEY = "sitemap"
RETURNED = [
    "bounds",
    "zoom",
    "center",
    "last_object_clicked",
    "last_object_clicked_tooltip",
    "last_object_clicked_count",
]
NO_MATCH = N_("No site matches these filters.")


def _reported_bounds() -> tuple[Bounds, int] | None:
    """What the browser last reported, unless it came from a map with no size.

    A map being replaced (e.g. rebuilt in another language) can report once from a frame of zero
    width: its bounds are a single point at zoom 0, which is no view a person has seen.
    """
    value = session.widget_value(MAP_KEY) or {}
    bounds, zoom = value.get("bounds"), value.get("zoom")
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        reported = Bounds(sw["lat"], sw["lng"], ne["lat"], ne["lng"]), int(zoom)
    except (TypeError, KeyError, ValueError):
        return None
    box = reported[0]
    if box.south == box.north or box.west == box.east or not MapView(0.0, 0.0, reported[1]).is_valid():
        return None  # a zoom-0 report is a map not laid out yet (it came back from another page so)
    return reported


def on_screen() -> tuple[Bounds, int] | None:
    """The bounds and zoom the map last reported showing, if it has (heritage/ui/foundlist.py)."""
    return _reported_bounds()


def person_moved_map(start: MapView) -> bool:
    """Whether the person moved the map from where it was put: the last view asked for, else `start`.

    `start` is the view fitted on every site; the map opens so, at a zoom its size decides
    (lower on a phone), so only a closer zoom or a pan counts as moved there. A filter then
    leaves the person's view alone (heritage/ui/foundlist.py).
    """
    reported, placed = reported_view(), viewstate.session().requested
    if reported is None:
        return False
    if placed is None:
        return reported.zoom > start.zoom or not _near(reported, start, degrees=0.05)
    return reported.zoom != placed.zoom or not _near(reported, placed, degrees=0.01)


def current_view(data_bounds: Bounds | None) -> tuple[Bounds, int]:
    """The bounds and zoom the browser last reported; before it has, the data's extent with a margin."""
    reported = _reported_bounds()
    if reported:
        return reported
    start = data_bounds or AZERBAIJAN
    return start.padded(1.0), start_zoom(start)


def reported_view() -> MapView | None:
    value = session.widget_value(MAP_KEY) or {}
    center, zoom = value.get("center"), value.get("zoom")
    if not center or zoom is None or _reported_bounds() is None:
        return None
    view = MapView(round(center["lat"], 5), round(center["lng"], 5), int(zoom))
    return view if view.is_valid() else None


def shown_view() -> MapView | None:
    """The view a link should name: the one asked for until the map reports having shown it.

    Right after a link opens, the map may still report its start view; naming that in the
    URL would make a re-shared link lose the view it was opened with.
    """
    view_session, reported = viewstate.session(), reported_view()
    requested = view_session.requested
    if requested is None or view_session.requested_shown:
        return reported if reported is not None else view_session.state.view  # a map being replaced: the last view
    if reported is not None and reported.zoom == requested.zoom and _near(reported, requested):
        viewstate.mark_requested_shown()
        return reported
    return requested


def _near(a: MapView, b: MapView, degrees: float = 1e-3) -> bool:
    return abs(a.lat - b.lat) <= degrees and abs(a.lon - b.lon) <= degrees


@dataclass(frozen=True)
class DrawnLayer:
    """The marker layer for one view of one filtered set, ready to send; shared by every viewer."""

    script: str
    singles: dict[str, np.ndarray]  # the single markers drawn, to tell which one was clicked
    in_view: int
    truncated: bool


@st.cache_resource(max_entries=512, show_spinner=False)
def _drawn_layer(
    _data: Dataset,
    data_key: tuple,
    site_filter: SiteFilter,
    area: Bounds,
    zoom: int,
    selected: str | None,
    present: bool = False,
    language: str = "en",
) -> DrawnLayer:
    shown = _data.shown_columns(shown_mask(_data, site_filter), language)
    hits = np.flatnonzero(shown["id"] == selected) if selected else []
    keep = int(hits[0]) if len(hits) else None
    layer = cluster_view(
        shown["lon"], shown["lat"], shown["status_code"], area, zoom, len(STATUSES), keep, shown["pixels"]
    )
    south, west, north, east = area
    in_view = (shown["lat"] >= south) & (shown["lat"] <= north) & (shown["lon"] >= west) & (shown["lon"] <= east)
    outlines = outlines_for(_data.sites, shown["row"][in_view & _data.is_polygon[shown["row"]]])
    singles = {name: shown[name][layer.singles] for name in ("lat", "lon", "id", "name")}
    for column in singles.values():
        column.setflags(write=False)
    no_match = translator(language).gettext(NO_MATCH) if not len(shown["id"]) else None
    payload = layer_payload(shown, layer, selected, outlines, no_match=no_match, arrows_to_page=present)
    script = layer_script(payload)
    return DrawnLayer(script, singles, layer.in_view, layer.truncated)


def render_map(
    data: Dataset,
    site_filter: SiteFilter,
    selected: str | None,
    requested: MapView | None,
    height: int = 620,
    present: bool = False,
) -> None:
    """Draw the map; the base never changes, so the browser keeps its pan and zoom."""
    tiles = TileConfig.from_environment()
    language = current_translator().language  # marker names in the reader's order
    if not map_drawn_before(tiles, data.bounds or AZERBAIJAN, MAP_KEY, language):
        requested = _return_to_last_view(requested)
    bounds, zoom = current_view(data.bounds)
    area = snap(pad(bounds), zoom)
    drawn = _drawn_layer(data, data_key(data), site_filter, area, zoom, selected, present, language)
    session.map_singles.set(drawn.singles)
    show_map(
        tiles,
        data.bounds or AZERBAIJAN,
        drawn.script,
        key=MAP_KEY,
        returned=RETURNED,
        center=(requested.lat, requested.lon) if requested else None,
        zoom=requested.zoom if requested else None,
        height=height,
        language=current_translator().language,
    )
    t = current_translator()
    if tiles.problem:
        st.caption(
            t.gettext("The online map layer is off (its address is not set up correctly); the outlines are shown.")
        )
    if drawn.truncated:
        text = t.gettext("{in_view} sites in view; the first {drawn} are drawn. Zoom in to see the rest.")
        st.caption(text.format(in_view=t.number(drawn.in_view), drawn=t.number(len(drawn.singles["id"]))))


def _return_to_last_view(requested: MapView | None) -> MapView | None:
    """A map drawn afresh (back from another page, or in another language) opens where the person left it.

    Without this it opened at its start extent and, laid out before it had a size, reported
    zoom 0: "Map -> Sites table -> Map" showed a blank world and put view=...,0 in the link.
    A view a link, scene or search asked for and the map has not shown yet goes first.
    """
    session = viewstate.session()
    if session.requested is not None and not session.requested_shown:
        return requested
    last = session.state.view
    if last is None or not last.is_valid():
        return requested
    viewstate.request_view(last)
    return viewstate.session().requested


def clicked_site() -> str | None:
    """The id of a site marker the user clicked since the last rerun, if any.

    The browser reports only the marker's position (and tooltip text); the id is found
    among the single markers drawn on the previous run.
    """
    value = session.widget_value(MAP_KEY) or {}
    clicked, count = value.get("last_object_clicked"), value.get("last_object_clicked_count")
    if not clicked or count == session.handled_click.get():
        return None
    session.handled_click.set(count)
    singles = session.map_singles.get()
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
