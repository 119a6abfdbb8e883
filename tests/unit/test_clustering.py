"""Server-side clustering: nothing lost, nothing counted twice, bounded output."""

from __future__ import annotations

import numpy as np
import pytest

from heritage.clustering import MAX_SINGLES, cluster_view, pad, snap, world_pixels

AZ = (38.0, 44.0, 42.0, 51.0)


def points(n, seed=1):
    rng = np.random.default_rng(seed)
    return rng.uniform(44.5, 50.5, n), rng.uniform(38.5, 41.8, n), rng.integers(0, 7, n)


def test_every_site_in_view_is_drawn_once():
    lon, lat, status = points(20_000)
    layer = cluster_view(lon, lat, status, AZ, zoom=7, statuses=7)
    assert layer.in_view == 20_000
    assert len(layer.singles) + layer.cluster_count.sum() == 20_000
    assert (layer.cluster_status.sum(axis=1) == layer.cluster_count).all()
    assert (
        np.bincount(status, minlength=7).tolist()
        == (layer.cluster_status.sum(axis=0) + np.bincount(status[layer.singles], minlength=7)).tolist()
    )


def test_output_is_bounded_by_the_view_not_the_data():
    small = cluster_view(*points(1_000), AZ, zoom=7, statuses=7)
    large = cluster_view(*points(200_000), AZ, zoom=7, statuses=7)
    assert len(large.cluster_count) + len(large.singles) < 400
    assert len(large.cluster_count) + len(large.singles) <= len(small.cluster_count) + len(small.singles) + 400


def test_sites_outside_the_view_are_left_out():
    lon, lat, status = np.array([49.8, 45.0]), np.array([40.4, 39.0]), np.array([0, 1])
    layer = cluster_view(lon, lat, status, (40.0, 49.5, 40.6, 50.0), zoom=10, statuses=7)
    assert layer.singles.tolist() == [0] and layer.in_view == 1


def test_cluster_centre_is_the_mean_of_its_sites():
    lon, lat, status = np.array([49.80, 49.81]), np.array([40.40, 40.41]), np.array([2, 2])
    layer = cluster_view(lon, lat, status, AZ, zoom=6, statuses=7)
    assert layer.cluster_count.tolist() == [2]
    assert np.isclose(layer.cluster_lon[0], 49.805) and np.isclose(layer.cluster_lat[0], 40.405)
    assert layer.cluster_status[0, 2] == 2


def test_at_street_zoom_sites_are_drawn_one_by_one_with_a_cap():
    lon = np.full(MAX_SINGLES + 10, 49.8)
    lat = np.full(MAX_SINGLES + 10, 40.4)
    layer = cluster_view(lon, lat, np.zeros(len(lon), dtype=int), AZ, zoom=17, statuses=7)
    assert len(layer.singles) == MAX_SINGLES and layer.truncated


def test_pad_grows_the_view_and_stays_on_earth():
    assert pad((40.0, 49.0, 41.0, 50.0)) == (39.5, 48.5, 41.5, 50.5)
    assert pad((-89.0, -179.0, 89.0, 179.0)) == (-90, -180, 90, 180)


def test_the_selected_site_is_never_inside_a_cluster():
    lon, lat, status = np.array([49.80, 49.8001, 49.8002]), np.array([40.40, 40.4001, 40.4002]), np.array([0, 0, 0])
    layer = cluster_view(lon, lat, status, AZ, zoom=7, statuses=7, always_single=1)
    assert layer.singles.tolist() == [1] and layer.cluster_count.tolist() == [2]


def test_snap_grows_the_area_to_whole_tiles():
    from heritage.clustering import snap

    # At zoom 7 a 256-pixel tile is 360 / 2**7 = 2.8125 degrees wide.
    assert snap((40.1, 47.2, 41.3, 48.9), 7) == (39.375, 45.0, 42.1875, 50.625)
    assert snap((40.15, 47.25, 41.35, 48.95), 7) == snap((40.1, 47.2, 41.3, 48.9), 7)  # shared
    assert snap((-89.9, -179.9, 89.9, 179.9), 3) == (-90.0, -180.0, 90.0, 180.0)


def test_points_of_one_cell_form_one_cluster_and_a_kept_site_stays_single():
    # zoom 7: 256 * 2**7 px around the world, so 60 px are about 0.66 degrees of longitude
    lon = np.array([47.00, 47.01, 47.02, 48.50, 49.90])
    lat = np.array([40.00, 40.01, 40.02, 40.00, 40.00])
    status = np.array([0, 1, 1, 2, 3])
    layer = cluster_view(lon, lat, status, AZ, zoom=7, statuses=7)
    assert layer.singles.tolist() == [3, 4] and layer.cluster_count.tolist() == [3]
    assert layer.cluster_status.tolist() == [[1, 2, 0, 0, 0, 0, 0]]
    kept = cluster_view(lon, lat, status, AZ, zoom=7, statuses=7, always_single=0)
    assert kept.singles.tolist() == [0, 3, 4] and kept.cluster_count.tolist() == [2]


def test_projected_once_or_per_view_the_layer_is_the_same():
    lon, lat, status = points(5_000, seed=3)
    for zoom in (5, 7, 9, 12, 15):
        direct = cluster_view(lon, lat, status, AZ, zoom=zoom, statuses=7, always_single=17)
        kept = cluster_view(lon, lat, status, AZ, zoom, 7, 17, world_pixels(lon, lat))
        assert direct.singles.tolist() == kept.singles.tolist()
        assert direct.cluster_count.tolist() == kept.cluster_count.tolist()
        assert direct.cluster_lat.tolist() == kept.cluster_lat.tolist()


@pytest.mark.parametrize("zoom", [2_000_000_000, 4e9, float("nan"), float("inf"), 0, 20, -1, 7.5])
def test_a_zoom_no_map_has_is_refused_before_any_work(zoom):
    """2**zoom at zoom 2e9 once froze a copy for seconds: clustering refuses it first."""
    lon, lat, status = points(10)
    with pytest.raises(ValueError, match="zoom must be a whole number from 1 to 19"):
        cluster_view(lon, lat, status, AZ, zoom=zoom, statuses=7)
    with pytest.raises(ValueError, match="zoom must be a whole number from 1 to 19"):
        snap(AZ, zoom)


def test_the_zoom_range_ends_are_map_zooms():
    lon, lat, status = points(10)
    assert cluster_view(lon, lat, status, AZ, zoom=1, statuses=7).in_view == 10
    assert cluster_view(lon, lat, status, AZ, zoom=19, statuses=7).in_view == 10
    assert snap((40.0, 49.0, 41.0, 50.0), 19) == pytest.approx((40.0, 49.0, 41.0, 50.0), abs=0.0007)  # a tile
