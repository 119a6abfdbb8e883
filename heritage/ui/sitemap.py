"""The map panel: the base map, the marker layer for the current view, and clicks on it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from heritage import links, mapviews
from heritage.dataset import Dataset
from heritage.extent import AZERBAIJAN, Bounds, start_zoom
from heritage.filters import SiteFilter
from heritage.layer import NO_MATCH, layer_area, view_layer  # noqa: F401  (NO_MATCH: the page shows it too)
from heritage.links import ViewState, to_params
from heritage.mapping import TileConfig
from heritage.ui import session, viewstate
from heritage.ui.data import data_key
from heritage.ui.language import current_translator
from heritage.ui.mapcomponent import ViewRequest, layer_script, show_map
from heritage.view import MapView

MAP_KEY = "sitemap"
# The map component reports nothing by itself (no bounds on every pan: those were a script run
# per pan per viewer); sites.js reports a click on a site as {"site": id, "at": ms}.
RETURNED: list[str] = []
FOUND_FEW = 20  # a search finding at most this many sites zooms the map to them and lists them
NOMINAL_PX = (1200, 700)  # the first layer's area around a view named by the URL (the map refines it)


def url_view() -> MapView | None:
    """The map view on screen: what the map last posted (/api/view), else what the address names."""
    posted = mapviews.latest(viewstate.page_token())
    if posted is not None:
        return posted
    parsed = links.parse({"view": st.query_params.get_all("view")})
    return parsed.state.view if not parsed.notes else None


def _around(view: MapView) -> Bounds:
    """The box a map of NOMINAL_PX shows around `view` (Web Mercator, near enough for a first draw)."""
    degrees_per_px = 360 / (256 * 2**view.zoom)
    half_lon = degrees_per_px * NOMINAL_PX[0] / 2
    half_lat = degrees_per_px * NOMINAL_PX[1] / 2 * max(np.cos(np.radians(view.lat)), 0.2)
    return Bounds(
        max(view.lat - half_lat, -90), max(view.lon - half_lon, -180),
        min(view.lat + half_lat, 90), min(view.lon + half_lon, 180),
    )  # fmt: skip


def current_view(data_bounds: Bounds | None, requested: MapView | None = None) -> tuple[Bounds, int]:
    """The bounds and zoom of the first layer sent with the page; the map then fetches its own."""
    view = requested or url_view()
    if view is not None:
        return _around(view), view.zoom
    start = data_bounds or AZERBAIJAN
    return start.padded(1.0), start_zoom(start)


def on_screen() -> tuple[Bounds, int] | None:
    """The bounds and zoom the map shows now (its last posted view, else the link's), if known.

    The box is the nominal map's around the centre (`_around`): close enough to tell whether the
    sites a filter found are all in sight (heritage/ui/foundlist.py).
    """
    view = url_view()
    return (_around(view), view.zoom) if view is not None else None


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


def reported_view() -> MapView | None:
    return url_view()


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
    drawn: int
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
    layer = view_layer(_data, site_filter, area, zoom, selected, present, language)
    payload = {
        **layer.payload,
        # Where the map asks for its next layer (/api/layer?<these>&bbox=...&zoom=...).
        "layerQuery": layer_query(site_filter, selected, present, language),
    }
    return DrawnLayer(layer_script(payload), layer.drawn, layer.in_view, layer.truncated)


def layer_query(site_filter: SiteFilter, selected: str | None, present: bool, language: str) -> str:
    """The layer route's query for this view, in the links' own parameters (heritage/links.py)."""
    state = ViewState(site_filter, None, selected, present, None, language)
    return urlencode(to_params(state), doseq=True)


def render_map(
    data: Dataset,
    site_filter: SiteFilter,
    selected: str | None,
    requested: MapView | None,
    height: int = 620,
    present: bool = False,
) -> None:
    """Draw the map; the base never changes, so the browser keeps its pan and zoom.

    The layer for the first view comes with the page; after every pan or zoom the map asks
    the layer route (/api/layer) for its own, so moving the map runs no script.
    """
    view_session = viewstate.session()
    pending = requested if requested is not None and not view_session.requested_shown else None
    bounds, zoom = current_view(data.bounds, pending)
    language = current_translator().language  # marker names in the reader's order
    area = layer_area(bounds, zoom)
    drawn = _drawn_layer(data, data_key(data), site_filter, area, zoom, selected, present, language)
    tiles = TileConfig.from_environment()
    # A map drawn afresh (back from another page, or in another language) opens where the person
    # left it: the view the map last posted, else the link's. Without it, it opened at its start
    # extent and, laid out before it had a size, showed zoom 0 ("Map -> Sites table -> Map").
    opening = requested or url_view()
    show_map(
        tiles,
        data.bounds or AZERBAIJAN,
        drawn.script,
        key=MAP_KEY,
        returned=RETURNED,
        center=(opening.lat, opening.lon) if opening else None,
        zoom=opening.zoom if opening else None,
        height=height,
        language=language,
        # Until the map has shown it: a view asked for again (a new number) moves it back after a pan.
        move=ViewRequest(pending, view_session.requests) if pending is not None else None,
        page_token=viewstate.page_token(),  # the page's load draws its filters once the map says it has drawn
    )
    t = current_translator()
    if tiles.problem:
        st.caption(
            t.gettext("The online map layer is off (its address is not set up correctly); the outlines are shown.")
        )
    if drawn.truncated:
        text = t.gettext("{in_view} sites in view; the first {drawn} are drawn. Zoom in to see the rest.")
        st.caption(text.format(in_view=t.number(drawn.in_view), drawn=t.number(drawn.drawn)))


def clicked_site() -> str | None:
    """The id of the site the person clicked (or chose with Enter) since the last run, if any.

    sites.js hands over the marker's site id itself, stamped with the moment of the click.
    """
    value = session.widget_value(MAP_KEY) or {}
    site, at = value.get("site"), value.get("at")
    # Anyone can send any value: only a site id of a sane length counts (the page then looks it up).
    if not isinstance(site, str) or not 0 < len(site) <= 200 or at == session.handled_click.get():
        return None
    session.handled_click.set(at)
    return site


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
