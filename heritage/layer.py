"""The marker layer of one view: what the map draws for a filter, an area and a zoom.

Shared by the map page's first draw (heritage/ui/sitemap.py) and the layer route
(heritage/api/layer.py), so a marker drawn by either is the same marker. Each caller caches
whole answers, keyed by the data's version; here only the filter's sites are kept, indexed by
map cell (heritage/cellindex.py), so a view costs what it holds, not the size of the data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import numpy as np

from heritage.cellindex import CellIndex
from heritage.clustering import pad, snap
from heritage.dataset import Dataset
from heritage.extent import Bounds
from heritage.filters import SiteFilter
from heritage.i18n import N_, translator
from heritage.mapping import layer_payload, outlines_for
from heritage.recent import Recent
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


INDEXES_KEPT = 4  # filters whose sites stay indexed (at a million sites 30-80 MB each, cells included)
BUILT_AHEAD_FROM = 50_000  # from this many sites, every zoom's cells are built ahead, in the background


@dataclass(frozen=True)
class ShownSites:
    """One filter's sites on one dataset: their rows, indexed by map cell."""

    rows: np.ndarray  # the dataset's rows the filter shows, ascending
    cells: CellIndex  # over positions into `rows`
    polygons: np.ndarray  # positions (into `rows`) of the shown sites with an outline

    def position(self, row: int | None) -> int | None:
        """The position of a dataset row among the shown sites; None when the filter hides it."""
        if row is None:
            return None
        at = int(np.searchsorted(self.rows, row))
        return at if at < len(self.rows) and self.rows[at] == row else None


_shown: Recent[ShownSites] = Recent(INDEXES_KEPT)


def shown_sites(data: Dataset, site_filter: SiteFilter) -> ShownSites:
    """The filter's sites indexed, once per dataset and filter (every later view of it shares them)."""
    return _shown.get((data.key, site_filter), lambda: _indexed(data, site_filter))


def _indexed(data: Dataset, site_filter: SiteFilter) -> ShownSites:
    rows = np.flatnonzero(data.mask(site_filter))
    lon, lat = data.sites["lon"].to_numpy(), data.sites["lat"].to_numpy()
    status, pixels = data.status_code, data.world_pixels
    if len(rows) < len(data.sites):  # all shown (the first map): the dataset's own arrays, no copy
        lon, lat, status, pixels = lon[rows], lat[rows], status[rows], pixels[:, rows]
    shown = ShownSites(rows, CellIndex(lon, lat, status, pixels, len(STATUSES)), np.flatnonzero(data.is_polygon[rows]))
    if len(rows) >= BUILT_AHEAD_FROM:  # the next views, at any zoom, find their cells ready
        threading.Thread(target=shown.cells.build_every_zoom, name="cell index", daemon=True).start()
    return shown


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
    shown = shown_sites(data, site_filter)
    layer = shown.cells.view(area, zoom, shown.position(data.position(selected)) if selected else None)
    # Only the sites drawn alone need their names, flags and sources.
    singles = data.columns_of(shown.rows[layer.singles], language)
    outlined = shown.polygons[shown.cells.inside(shown.polygons, area)]
    outlines = outlines_for(data.sites, shown.rows[outlined])
    no_match = translator(language).gettext(NO_MATCH) if not len(shown.rows) else None
    drawn = replace(layer, singles=np.arange(len(layer.singles)))
    payload = layer_payload(singles, drawn, selected, outlines, no_match=no_match, arrows_to_page=present)
    return ViewLayer(payload, layer.in_view, len(layer.singles), layer.truncated)
