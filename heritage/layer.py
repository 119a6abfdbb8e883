"""The marker layer of one view: what the map draws for a filter, an area and a zoom.

Shared by the map page's first draw (heritage/ui/sitemap.py) and the layer route
(heritage/api/layer.py), so a marker drawn by either is the same marker. Pure: no Streamlit,
no caching (each caller caches, keyed by the data's version).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from heritage.clustering import cluster_view, pad, snap
from heritage.dataset import Dataset
from heritage.extent import Bounds
from heritage.filters import SiteFilter
from heritage.i18n import N_, translator
from heritage.mapping import layer_payload, outlines_for
from heritage.schema import STATUSES

NO_MATCH = N_("No site matches these filters.")  # shown over the map, in its reader's language


@dataclass(frozen=True)
class ViewLayer:
    """The payload sites.js draws (`drawSites`), and how many sites the view holds."""

    payload: dict
    in_view: int
    drawn: int
    truncated: bool


def layer_area(bounds: Bounds, zoom: int) -> Bounds:
    """The area a view's layer covers: the view padded, grown to whole tiles.

    Viewers with different window sizes then ask for the same area, so it is computed once.
    """
    return snap(pad(bounds), zoom)


def view_layer(
    data: Dataset,
    site_filter: SiteFilter,
    area: Bounds,
    zoom: int,
    selected: str | None,
    present: bool = False,
    language: str = "en",
) -> ViewLayer:
    """Clusters and single markers of the filtered sites in `area` at `zoom`."""
    shown = data.shown_columns(data.mask(site_filter), language)
    hits = np.flatnonzero(shown["id"] == selected) if selected else []
    keep = int(hits[0]) if len(hits) else None
    layer = cluster_view(
        shown["lon"], shown["lat"], shown["status_code"], area, zoom, len(STATUSES), keep, shown["pixels"]
    )
    south, west, north, east = area
    in_view = (shown["lat"] >= south) & (shown["lat"] <= north) & (shown["lon"] >= west) & (shown["lon"] <= east)
    outlines = outlines_for(data.sites, shown["row"][in_view & data.is_polygon[shown["row"]]])
    no_match = translator(language).gettext(NO_MATCH) if not len(shown["id"]) else None
    payload = layer_payload(shown, layer, selected, outlines, no_match=no_match, arrows_to_page=present)
    return ViewLayer(payload, layer.in_view, len(layer.singles), layer.truncated)
