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
