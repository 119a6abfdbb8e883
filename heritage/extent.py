"""Where the sites are: a bounding box whose order (south, west, north, east) is in its type.

The map opens on the data's own extent, so a registry of Azerbaijan opens on Azerbaijan and
the UNESCO list opens on the world. Only code that has no data to measure (synthetic
generation, an empty dataset) uses the named constant below.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class Bounds(NamedTuple):
    """A box in degrees (WGS84)."""

    south: float
    west: float
    north: float
    east: float

    @property
    def center(self) -> tuple[float, float]:
        """(latitude, longitude) of the middle, as Leaflet wants it."""
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)

    def corners(self) -> list[list[float]]:
        """[[south, west], [north, east]], the form of Leaflet's fitBounds."""
        return [[self.south, self.west], [self.north, self.east]]

    def padded(self, degrees: float) -> Bounds:
        """Grown by `degrees` on every side, kept on the globe."""
        return Bounds(
            max(self.south - degrees, -90.0),
            max(self.west - degrees, -180.0),
            min(self.north + degrees, 90.0),
            min(self.east + degrees, 180.0),
        )

    def contains(self, lon: float, lat: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


# What a map view can be, wherever it comes from: a link's `view=`, a scene, a live session, or
# what the browser's map reports (its zoom, centre and bounds). Anything else is refused before
# any work is done with it: a zoom of 2e9 once cost seconds of CPU per message (2**zoom).
MIN_ZOOM, MAX_ZOOM = 1, 19
LATITUDES = (-90.0, 90.0)
LONGITUDES = (-180.0, 180.0)


def view_problem(lat: float, lon: float, zoom: float) -> str | None:
    """Why (lat, lon, zoom) cannot name a map view, in a few words; None when it can."""
    try:
        values = (float(lat), float(lon), float(zoom))
    except (TypeError, ValueError, OverflowError):
        return "not numbers"
    if not all(math.isfinite(value) for value in values):
        return "not finite"
    if not (LATITUDES[0] <= values[0] <= LATITUDES[1] and LONGITUDES[0] <= values[1] <= LONGITUDES[1]):
        return "latitude or longitude out of range"
    if not MIN_ZOOM <= values[2] <= MAX_ZOOM:
        return "zoom out of range"
    return None


def wrapped_longitude(lon: float) -> float:
    """The same meridian within -180..180: Leaflet reports 200 after a pan across the antimeridian."""
    return lon if LONGITUDES[0] <= lon <= LONGITUDES[1] else (lon + 180.0) % 360.0 - 180.0


def checked_bounds(south: object, west: object, north: object, east: object) -> Bounds | None:
    """A box the browser reported, kept on the globe; None unless its four values are finite numbers.

    At low zoom Leaflet reports longitudes past +-180 (the world repeats): those are clipped,
    not refused.
    """
    try:
        values = [float(value) for value in (south, west, north, east)]  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    if not all(math.isfinite(value) for value in values):
        return None
    (s, n), (w, e) = (np.clip([values[0], values[2]], *LATITUDES), np.clip([values[1], values[3]], *LONGITUDES))
    return Bounds(float(s), float(w), float(n), float(e)) if s <= n and w <= e else None


# Used only where there is no data to measure: synthetic sites, and a dataset with no sites.
AZERBAIJAN = Bounds(south=38.35, west=44.75, north=41.95, east=50.65)


def bounds_of(lat: np.ndarray, lon: np.ndarray) -> Bounds | None:
    """The smallest box holding every (lat, lon); None when there is none."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    known = np.isfinite(lat) & np.isfinite(lon)
    if not known.any():
        return None
    return Bounds(float(lat[known].min()), float(lon[known].min()), float(lat[known].max()), float(lon[known].max()))


def start_zoom(bounds: Bounds) -> int:
    """The zoom at which `bounds` about fills a map some 1,000 pixels wide (Azerbaijan: 6, the world: 1)."""
    span = max(bounds.east - bounds.west, (bounds.north - bounds.south) * 1.5, 1e-3)
    return max(1, min(18, int(math.log2(360 / span)) + 1))
