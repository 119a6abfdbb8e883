"""The shown sites' map cells at every zoom, so a view's layer costs what the view holds.

`cluster_view` bins every site of a view into 60-pixel cells. At a million sites a view of the
whole country holds them all, and binning them on every pan took 0.1-0.4 s. Cells nest: a cell
at zoom z is four cells at zoom z+1 (60 px at z are 120 px at z+1), so ordering the sites once
along a Z-order curve of their cells at the finest clustered zoom puts the sites of every cell,
at every zoom, next to each other. `CellIndex` keeps that order for one filter's sites; per zoom
(built the first time a view at that zoom asks, up to SUMMED_ZOOM) each non-empty cell's count,
coordinate sums and per-status counts. A view then takes whole cells from those sums and bins
again only the sites of the cells its edge cuts (and of the selected site's cell); above
SUMMED_ZOOM, where a view holds few sites, it bins just the sites of the cells it touches.

The answer is exactly `cluster_view`'s on all the sites: the same singles and clusters in the same
order, and each cluster's sums added in the same order (site order), so the same floating-point
centres (tests/unit/test_cellindex.py compares them on many views).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace

import numpy as np

from heritage.clustering import CELL_PIXELS, MAX_ZOOM_CLUSTERED, ViewLayer, checked_zoom, cluster_view, world_pixels
from heritage.extent import MIN_ZOOM, Bounds

FINEST = MAX_ZOOM_CLUSTERED  # sites are ordered by their cell at this zoom; coarser cells are runs of it
SUMMED_ZOOM = 12  # per-cell sums kept up to this zoom; a view above it holds few sites
MARGIN = 1e-3  # pixels: a cell counts as whole only this far inside the view (rounding of the projection)
CLIP_LAT = 85.0  # beyond this, pixels are clipped (world_pixels): cells there are always binned again


@dataclass(frozen=True)
class _Cells:
    """The non-empty cells of one zoom, ordered by (column, row) as cluster_view numbers them."""

    keys: np.ndarray  # column << 32 | row, ascending
    column: np.ndarray
    row: np.ndarray
    start: np.ndarray  # where the cell's sites begin in CellIndex.order
    count: np.ndarray
    sum_lat: np.ndarray  # per cell, added in site order (as cluster_view adds them)
    sum_lon: np.ndarray
    status: np.ndarray  # (cells, statuses): how many of each status


def _spread_bits(values: np.ndarray) -> np.ndarray:
    """Each bit i of a 32-bit number moved to bit 2i (a Z-order curve's half)."""
    v = values.astype(np.uint64)
    v = (v | (v << np.uint64(16))) & np.uint64(0x0000FFFF0000FFFF)
    v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF00FF00FF)
    v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    v = (v | (v << np.uint64(2))) & np.uint64(0x3333333333333333)
    return (v | (v << np.uint64(1))) & np.uint64(0x5555555555555555)


def _runs(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions start..start+count-1 of every run, concatenated, and each one's run number."""
    total = int(counts.sum())
    run = np.repeat(np.arange(len(counts)), counts)
    before = np.cumsum(counts) - counts
    return np.arange(total) - before[run] + starts[run], run


class CellIndex:
    """One filter's shown sites (positions into the arrays given), ordered for views at any zoom."""

    def __init__(self, lon: np.ndarray, lat: np.ndarray, status_code: np.ndarray, pixels: np.ndarray, statuses: int):
        self.lon, self.lat, self.status_code, self.pixels, self.statuses = lon, lat, status_code, pixels, statuses
        # A site off the earth's coordinates is in no view (and has no cell).
        placed = np.flatnonzero((np.abs(lon) <= 180) & (np.abs(lat) <= 90))
        column, row = self._finest(placed)
        codes = _spread_bits(column) << np.uint64(1) | _spread_bits(row)
        by_code = np.argsort(codes, kind="stable")
        self.codes = codes[by_code]
        self.order = placed[by_code]  # site positions along the curve; a cell's sites are one run
        # Each one's cell at FINEST, along the curve (under 2**18: half the memory as int32).
        self.column, self.row = column[by_code].astype(np.int32), row[by_code].astype(np.int32)
        self._cells: dict[int, _Cells] = {}
        self._building = {zoom: threading.Lock() for zoom in range(MIN_ZOOM, SUMMED_ZOOM + 1)}  # one build per zoom

    def _finest(self, sites: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cells of these sites at FINEST: column and row (cluster_view's, at that zoom)."""
        column, row = np.floor(self.pixels[:, sites] * 2**FINEST / CELL_PIXELS).astype(np.int64)
        return column, row

    def cells(self, zoom: int) -> _Cells:
        """The non-empty cells at `zoom` (<= SUMMED_ZOOM), built once (a caller meanwhile waits for it)."""
        found = self._cells.get(zoom)
        if found is None:
            with self._building[zoom]:
                found = self._cells.get(zoom)
                if found is None:
                    found = self._cells[zoom] = self._build(zoom)
        return found

    def build_every_zoom(self) -> None:
        """Build the cells of every zoom now (tens of ms each at a million sites), the most used first:
        zoom SUMMED_ZOOM serves every closer view too. Run in the background, so a view at a zoom not
        yet asked for does not pay for its cells."""
        for zoom in range(SUMMED_ZOOM, MIN_ZOOM - 1, -1):
            self.cells(zoom)

    def _build(self, zoom: int) -> _Cells:
        shift = FINEST - zoom
        cell_codes = self.codes >> np.uint64(2 * shift)
        new = np.ones(len(cell_codes), dtype=bool)
        new[1:] = cell_codes[1:] != cell_codes[:-1]
        start = np.flatnonzero(new)
        count = np.diff(np.append(start, len(cell_codes)))
        column, row = self.column[start].astype(np.int64) >> shift, self.row[start].astype(np.int64) >> shift
        by_key = np.lexsort((row, column))
        rank = np.empty(len(by_key), dtype=np.int64)
        rank[by_key] = np.arange(len(by_key))
        cell_of = np.full(len(self.lon), -1, dtype=np.int64)
        cell_of[self.order] = rank[np.cumsum(new) - 1]
        placed = cell_of >= 0
        site_cell = cell_of[placed]  # in site order, so each cell's sums add up as cluster_view adds them
        n = len(by_key)
        return _Cells(
            (column << 32 | row)[by_key],
            column[by_key],
            row[by_key],
            start[by_key],
            count[by_key],
            sum_lat=np.bincount(site_cell, weights=self.lat[placed], minlength=n),
            sum_lon=np.bincount(site_cell, weights=self.lon[placed], minlength=n),
            status=np.bincount(
                site_cell * self.statuses + self.status_code[placed], minlength=n * self.statuses
            ).reshape(n, self.statuses),
        )

    def view(self, area: Bounds, zoom: int, keep: int | None = None) -> ViewLayer:
        """cluster_view(lon, lat, status_code, area, zoom, statuses, keep, pixels), from the cells."""
        zoom = checked_zoom(zoom)
        if zoom > SUMMED_ZOOM:
            return self._binned(area, zoom, keep)
        return self._summed(area, zoom, keep)

    def _window(self, area: Bounds, zoom: int) -> tuple[tuple[float, float, float, float], tuple[float, float]]:
        """The area in pixels at `zoom` (west, east, north, south), and the rows a whole cell must lie in.

        Beyond CLIP_LAT the projection clips, so a cell's pixels no longer prove its sites' latitudes.
        """
        south, west, north, east = area
        x, y = (
            world_pixels(
                np.array([west, east, 0.0, 0.0]), np.array([north, south, min(north, CLIP_LAT), max(south, -CLIP_LAT)])
            )
            * 2.0**zoom
        )  # noqa: E501
        return (x[0], x[1], y[0], y[1]), (y[2], y[3])

    def _touched(self, cells: _Cells, window: tuple[float, float, float, float]) -> np.ndarray:
        """Numbers of the non-empty cells the window (with MARGIN) touches, in (column, row) order."""
        west, east, north, south = window
        first_column, last_column = (
            max(math.floor((west - MARGIN) / CELL_PIXELS), 0),
            math.floor((east + MARGIN) / CELL_PIXELS),
        )  # noqa: E501
        first_row, last_row = (
            max(math.floor((north - MARGIN) / CELL_PIXELS), 0),
            math.floor((south + MARGIN) / CELL_PIXELS),
        )  # noqa: E501
        if last_column < first_column or last_row < first_row:
            return np.zeros(0, dtype=np.int64)
        columns = np.arange(first_column, last_column + 1, dtype=np.int64) << 32
        low = np.searchsorted(cells.keys, columns | first_row, side="left")
        high = np.searchsorted(cells.keys, columns | last_row, side="right")
        return _runs(low, high - low)[0]

    def _sites_of(self, cells: _Cells, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The sites of these cells (positions) and, for each, its place in `numbers`."""
        at, run = _runs(cells.start[numbers], cells.count[numbers])
        return self.order[at], run

    def inside(self, sites: np.ndarray, area: Bounds) -> np.ndarray:
        """Whether each of these sites lies in `area`, edges included (cluster_view's test)."""
        south, west, north, east = area
        lat, lon = self.lat[sites], self.lon[sites]
        return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)

    def _binned(self, area: Bounds, zoom: int, keep: int | None) -> ViewLayer:
        """Above SUMMED_ZOOM: cluster_view on the sites of the cells the area touches at SUMMED_ZOOM."""
        cells = self.cells(SUMMED_ZOOM)
        window, _ = self._window(area, SUMMED_ZOOM)
        near = np.sort(self._sites_of(cells, self._touched(cells, window))[0])
        local_keep = None
        if keep is not None:
            at = int(np.searchsorted(near, keep))
            local_keep = at if at < len(near) and near[at] == keep else None
        layer = cluster_view(
            self.lon[near], self.lat[near], self.status_code[near], area, zoom, self.statuses, local_keep,
            self.pixels[:, near],
        )  # fmt: skip
        return replace(layer, singles=near[layer.singles])

    def _summed(self, area: Bounds, zoom: int, keep: int | None) -> ViewLayer:
        """Whole cells from their sums; the cells the edge cuts (and the kept site's) binned again."""
        cells = self.cells(zoom)
        window, (top, bottom) = self._window(area, zoom)
        west, east, _, _ = window
        touched = self._touched(cells, window)
        column, row = cells.column[touched], cells.row[touched]
        whole = (
            (column * CELL_PIXELS >= west + MARGIN) & ((column + 1) * CELL_PIXELS <= east - MARGIN)
            & (row * CELL_PIXELS >= top + MARGIN) & ((row + 1) * CELL_PIXELS <= bottom - MARGIN)
        )  # fmt: skip
        kept_inside = keep is not None and bool(self.inside(np.array([keep]), area)[0])
        if kept_inside:  # its cell is counted without it: binned again
            (kept_column,), (kept_row,) = self._finest(np.array([keep]))
            whole &= ~((column == kept_column >> (FINEST - zoom)) & (row == kept_row >> (FINEST - zoom)))
        count = np.where(whole, cells.count[touched], 0)
        sum_lat = np.where(whole, cells.sum_lat[touched], 0.0)
        sum_lon = np.where(whole, cells.sum_lon[touched], 0.0)
        status = np.where(whole[:, None], cells.status[touched], 0)
        cut = np.flatnonzero(~whole)
        sites, run = self._sites_of(cells, touched[cut])
        keep_here = self.inside(sites, area) & (sites != (keep if kept_inside else -1))
        sites, run = sites[keep_here], cut[run[keep_here]]
        in_order = np.argsort(sites, kind="stable")  # site order: sums add up as cluster_view adds them
        sites, run = sites[in_order], run[in_order]
        count += np.bincount(run, minlength=len(touched))
        sum_lat += np.bincount(run, weights=self.lat[sites], minlength=len(touched))
        sum_lon += np.bincount(run, weights=self.lon[sites], minlength=len(touched))
        status += np.bincount(
            run * self.statuses + self.status_code[sites], minlength=len(touched) * self.statuses
        ).reshape(len(touched), self.statuses)
        in_view = int(count.sum()) + kept_inside
        if in_view == 0:
            return cluster_view(self.lon[:0], self.lat[:0], self.status_code[:0], area, zoom, self.statuses)
        return self._layer(
            cells, touched, count, sum_lat, sum_lon, status, sites, run, keep if kept_inside else None, in_view
        )  # noqa: E501

    def _layer(self, cells, touched, count, sum_lat, sum_lon, status, sites, run, keep, in_view) -> ViewLayer:
        """The ViewLayer cluster_view gives: clusters in cell order, singles in site order."""
        grouped = count > 1
        alone = np.flatnonzero(count == 1)
        # A lone site's position: the first of its whole cell, or the one site binned again in a cut cell.
        lone = cells.start[touched[alone]]
        singles = self.order[lone]
        binned = np.full(len(touched), -1, dtype=np.int64)
        binned[run] = sites
        singles = np.where(binned[alone] >= 0, binned[alone], singles)
        if keep is not None:
            singles = np.append(singles, keep)
        total = count[grouped]
        return ViewLayer(
            singles=np.sort(singles),
            cluster_lat=sum_lat[grouped] / total,
            cluster_lon=sum_lon[grouped] / total,
            cluster_count=total,
            cluster_status=status[grouped],
            in_view=in_view,
        )
