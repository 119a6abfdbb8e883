"""The cell index answers a view exactly as clustering every site does (heritage/cellindex.py)."""

from __future__ import annotations

import numpy as np
import pytest

from heritage.cellindex import CellIndex
from heritage.clustering import cluster_view, pad, snap, world_pixels

STATUSES = 7


def sites(seed: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spread sites, a dense knot, sites on one spot, sites on tile and cell edges, and two near the poles."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(44.9, 50.3, 20_000), rng.uniform(38.5, 41.8, 20_000)
    lon[:2_000], lat[:2_000] = rng.normal(49.85, 0.002, 2_000), rng.normal(40.38, 0.002, 2_000)
    lon[2_000:2_050], lat[2_000:2_050] = 47.8125, 40.78125  # on tile corners from zoom 7 on (360 / 2**7 steps)
    cell_edges = np.arange(1_380, 1_420) * 60 * 360 / (256 * 2**9) - 180  # 60-pixel cell edges, zoom 9 and up
    lon[2_050 : 2_050 + len(cell_edges)] = cell_edges
    lon[-2:], lat[-2:] = (10.0, 20.0), (86.0, -88.0)
    return lon, lat, rng.integers(0, STATUSES, len(lon))


def same(expected, found) -> bool:
    return (
        expected.singles.tolist() == found.singles.tolist()
        and expected.cluster_count.tolist() == found.cluster_count.tolist()
        and expected.cluster_lat.tolist() == found.cluster_lat.tolist()  # the same floats: summed in the same order
        and expected.cluster_lon.tolist() == found.cluster_lon.tolist()
        and expected.cluster_status.ravel().tolist() == found.cluster_status.ravel().tolist()
        and (expected.in_view, expected.truncated) == (found.in_view, found.truncated)
    )


@pytest.mark.parametrize("zoom", range(1, 20))
def test_every_view_is_the_one_clustering_every_site_gives(zoom):
    lon, lat, status = sites()
    pixels = world_pixels(lon, lat)
    index = CellIndex(lon, lat, status, pixels, STATUSES)
    rng = np.random.default_rng(zoom)
    for number in range(25):
        south, west = rng.uniform(37.5, 42.0), rng.uniform(44.0, 51.0)
        size = rng.uniform(0.2, 4.0) * 360 / 2**zoom
        area = snap(pad((south, west, min(south + size, 90.0), min(west + 2 * size, 180.0))), zoom)
        keep = [None, 0, 2_000, int(rng.integers(0, len(lon)))][number % 4]  # in a knot, on a corner, anywhere
        expected = cluster_view(lon, lat, status, area, zoom, STATUSES, keep, pixels)
        assert same(expected, index.view(area, zoom, keep)), (area, keep)


def test_views_cut_by_the_poles_and_the_antimeridian_are_exact_too():
    lon, lat, status = sites()
    pixels = world_pixels(lon, lat)
    index = CellIndex(lon, lat, status, pixels, STATUSES)
    for area in [(-90.0, -180.0, 90.0, 180.0), (39.0, 44.0, 87.0, 180.0), (-89.0, 0.0, 85.02, 50.0)]:
        for zoom in (1, 3, 8, 12, 13, 16):
            expected = cluster_view(lon, lat, status, area, zoom, STATUSES, len(lon) - 1, pixels)
            assert same(expected, index.view(area, zoom, len(lon) - 1)), (area, zoom)


def test_a_small_view_by_hand():
    # zoom 7: 60 px are about 0.66 degrees of longitude; the first three share a cell
    lon = np.array([47.00, 47.01, 47.02, 48.50, 49.90, 30.0])
    lat = np.array([40.00, 40.01, 40.02, 40.00, 40.00, 40.0])
    status = np.array([0, 1, 1, 2, 3, 4])
    index = CellIndex(lon, lat, status, world_pixels(lon, lat), STATUSES)
    layer = index.view((38.0, 44.0, 42.0, 51.0), 7)
    assert layer.singles.tolist() == [3, 4] and layer.cluster_count.tolist() == [3] and layer.in_view == 5
    assert layer.cluster_status.tolist() == [[1, 2, 0, 0, 0, 0, 0]]
    kept = index.view((38.0, 44.0, 42.0, 51.0), 7, keep=0)
    assert kept.singles.tolist() == [0, 3, 4] and kept.cluster_count.tolist() == [2]
    assert index.view((10.0, 10.0, 11.0, 11.0), 7).in_view == 0


def test_no_site_no_view():
    empty = np.zeros(0)
    index = CellIndex(empty, empty, np.zeros(0, dtype=np.int64), np.zeros((2, 0)), STATUSES)
    assert index.view((38.0, 44.0, 42.0, 51.0), 9).in_view == 0
    assert index.view((38.0, 44.0, 42.0, 51.0), 17).singles.tolist() == []
