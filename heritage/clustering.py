"""Cluster the shown sites on the server, for the part of the map the user is looking at.

Sending every site to the browser costs seconds and megabytes at 100,000 sites; binning
them into a pixel grid for the current view sends at most a few hundred markers,
whatever the size of the dataset. The grid is in Web Mercator pixels, as Leaflet draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from heritage.extent import MAX_ZOOM, MIN_ZOOM, Bounds

CELL_PIXELS = 60  # one cluster per cell of this many screen pixels
MAX_ZOOM_CLUSTERED = 15  # beyond this, every site in view is drawn on its own
MAX_SINGLES = 2000  # at high zoom, a cap on markers drawn one by one


@dataclass(frozen=True)
class ViewLayer:
    """What to draw: single sites (row positions) and clusters (centre, count, per status)."""

    singles: np.ndarray  # positions into the shown-sites arrays
    cluster_lat: np.ndarray
    cluster_lon: np.ndarray
    cluster_count: np.ndarray
    cluster_status: np.ndarray  # shape (clusters, statuses): counts per status code
    in_view: int  # sites inside the padded view
    truncated: bool = False


def world_pixels(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Web Mercator pixels at zoom 0, shape (2, n): x then y.

    At zoom z a point's pixel is this times 2**z, exactly (a power of two scales without
    rounding), so a dataset projects its sites once (`Dataset.world_pixels`) and every
    view only scales the sites inside it, instead of a sine and a logarithm per site.
    """
    x = (lon + 180.0) / 360.0 * 256
    sin = np.sin(np.radians(np.clip(lat, -85.05, 85.05)))
    y = (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * 256
    return np.stack([x, y])


def pad(bounds: Bounds, fraction: float = 0.5) -> Bounds:
    """Grow the view so a short pan shows markers before the next round trip."""
    south, west, north, east = bounds
    dlat, dlon = (north - south) * fraction, (east - west) * fraction
    return Bounds(max(south - dlat, -90), max(west - dlon, -180), min(north + dlat, 90), min(east + dlon, 180))


def checked_zoom(zoom: int) -> int:
    """`zoom` if it is a map zoom; else ValueError, before anything costs 2**zoom."""
    if not isinstance(zoom, (int, np.integer)) or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise ValueError(f"zoom must be a whole number from {MIN_ZOOM} to {MAX_ZOOM}, not {str(zoom)[:20]}")
    return int(zoom)


def snap(bounds: Bounds, zoom: int) -> Bounds:
    """Grow bounds outward to whole map tiles (256 px) at `zoom`.

    Viewers of one link report slightly different bounds (window sizes differ); snapped,
    most of them ask for the same area, so its layer is computed once and shared.
    """
    zoom = checked_zoom(zoom)
    step = 360.0 / 2**zoom
    south, west, north, east = bounds
    return Bounds(
        max(math.floor(south / step) * step, -90.0),
        max(math.floor(west / step) * step, -180.0),
        min(math.ceil(north / step) * step, 90.0),
        min(math.ceil(east / step) * step, 180.0),
    )


def cluster_view(
    lon: np.ndarray,
    lat: np.ndarray,
    status_code: np.ndarray,
    bounds: Bounds,
    zoom: int,
    statuses: int,
    always_single: int | None = None,
    pixels: np.ndarray | None = None,
) -> ViewLayer:
    """Bin the points inside `bounds` (already padded by the caller) at `zoom`.

    `pixels`: the points' world_pixels, when the caller keeps them (else computed here).

    >>> import numpy as np
    >>> layer = cluster_view(np.array([49.8, 49.8001, 45.0]), np.array([40.4, 40.4001, 39.2]),
    ...                      np.array([0, 1, 2]), (38, 44, 42, 51), zoom=7, statuses=7)
    >>> layer.singles.tolist(), layer.cluster_count.tolist()
    ([2], [2])
    """
    zoom = checked_zoom(zoom)
    south, west, north, east = bounds
    inside = np.flatnonzero((lat >= south) & (lat <= north) & (lon >= west) & (lon <= east))
    if zoom > MAX_ZOOM_CLUSTERED or len(inside) == 0:
        return _all_singles(inside)
    x, y = (world_pixels(lon[inside], lat[inside]) if pixels is None else pixels[:, inside]) * 2**zoom
    inverse, counts = _cells(np.floor(x / CELL_PIXELS).astype(np.int64), np.floor(y / CELL_PIXELS).astype(np.int64))
    if always_single is not None:
        kept = np.flatnonzero(inside == always_single)
        if len(kept):  # out of its cell, into a cell of its own (numbered last: never a cluster)
            counts[inverse[kept]] -= 1
            inverse[kept] = len(counts)
            counts = np.append(counts, 1)
    alone = counts[inverse] == 1
    grouped = counts > 1
    group_of = np.cumsum(grouped) - 1  # cell number -> cluster number
    members = ~alone
    cluster = group_of[inverse[members]]
    n = int(grouped.sum())
    total = np.bincount(cluster, minlength=n)
    per_status = np.bincount(cluster * statuses + status_code[inside[members]], minlength=n * statuses)
    return ViewLayer(
        singles=inside[alone],
        cluster_lat=np.bincount(cluster, weights=lat[inside[members]], minlength=n) / np.maximum(total, 1),
        cluster_lon=np.bincount(cluster, weights=lon[inside[members]], minlength=n) / np.maximum(total, 1),
        cluster_count=total,
        cluster_status=per_status.reshape(n, statuses),
        in_view=len(inside),
    )


def _cells(column: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each point's cell number and each cell's count, cells numbered column by column.

    The view spans a bounded grid of cells, so they are counted on the dense grid (one
    pass) rather than by sorting a million keys (np.unique); an empty cell counts 0 and
    numbers no cluster. Only a grid too large to count densely falls back to sorting.
    """
    column, row = column - column.min(), row - row.min()
    rows = int(row.max()) + 1
    if (int(column.max()) + 1) * rows > max(4 * len(column), 1 << 20):
        _, inverse, counts = np.unique((column << 32) + row, return_inverse=True, return_counts=True)
        return inverse.reshape(-1), counts
    cell = column * rows + row
    return cell, np.bincount(cell)


def _all_singles(inside: np.ndarray) -> ViewLayer:
    empty = np.zeros(0)
    return ViewLayer(
        singles=inside[:MAX_SINGLES],
        cluster_lat=empty,
        cluster_lon=empty,
        cluster_count=np.zeros(0, dtype=int),
        cluster_status=np.zeros((0, 0), dtype=int),
        in_view=len(inside),
        truncated=len(inside) > MAX_SINGLES,
    )
