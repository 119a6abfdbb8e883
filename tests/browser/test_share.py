"""Sharing a view: links that carry filters, map extent and site; malformed links; presenter scenes."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import expect

from heritage.clustering import pad, snap
from heritage.filters import SiteFilter
from heritage.links import KNOWN, ViewState, scene_params
from heritage.store import Store
from heritage.view import MapView

from .mappage import (
    MapPage,
    assert_no_exception,
    metric,
    press_on_page,
    query_params,
    screenshot,
    wait_for_script,
    wait_until,
)

pytestmark = pytest.mark.browser

LINK_STATUSES = ("restored", "damaged")
LINK_VIEW = (40.4, 48.5, 9)
# Literal values of the browser fixture (synthetic_features(60) plus the hostile site): 8 restored
# and 9 damaged sites; syn-47 is the restored site nearest the link's view.
LINK_SHOWN = 17
LINK_SITE = "syn-47"
SCENE_COUNTS = (8, 9)


def _in_bounds(core, mask: np.ndarray, bounds) -> int:
    south, west, north, east = bounds
    lat, lon = core.sites["lat"].to_numpy(), core.sites["lon"].to_numpy()
    return int((mask & (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)).sum())


def _view_param(page) -> tuple[float, float, int]:
    lat, lon, zoom = query_params(page)["view"][0].split(",")
    return float(lat), float(lon), int(zoom)


def _same_view(url_view: tuple[float, float, int], map_view: tuple[int, float, float]) -> bool:
    """The URL's view= names what the map shows, to the pixel.

    Within a pixel of the view the map was placed at, the URL names that view (sites.js viewParam:
    Leaflet's centre reads up to a pixel off it once the map is resized).
    """
    lat, lon, zoom = url_view
    pixel = 360 / (256 * 2**zoom)  # degrees of longitude in one pixel at this zoom (at most as much latitude)
    return zoom == map_view[0] and abs(lat - map_view[1]) < pixel and abs(lon - map_view[2]) < pixel


def wait_for_url_view(map_page: MapPage, timeout: float = 5) -> tuple[float, float, int]:
    """Until the URL's view= names the map's current centre and zoom; returns it."""
    return wait_until(
        map_page.page,
        lambda: (_view_param(map_page.page), map_page.view()),
        lambda v: _same_view(*v),
        timeout,
        "the URL's view= to name the map's view",
    )[0]


def check_view(
    map_page: MapPage, core, mask: np.ndarray, expected: int, lat: float, lon: float, zoom: int, site
) -> None:
    """Filters, extent and selected site as a link gives them; markers as the core counts them."""
    map_page.wait_for_sites_shown(expected)
    wait_until(
        map_page.page,
        map_page.view,
        lambda v: v[0] == zoom and abs(v[1] - lat) < 0.01 and abs(v[2] - lon) < 0.01,
        15,
        f"the map at zoom {zoom} around {lat},{lon}",
    )

    # The app draws the sites inside the view padded by half its size (so a short pan needs no
    # round trip) and grown to whole map tiles (so viewers share the layer): single markers +
    # cluster numbers = filtered sites inside that box.
    def drawn_and_expected():
        area = snap(pad(map_page.bounds()), map_page.view()[0])
        return map_page.marker_total(), _in_bounds(core, mask, area)

    drawn, in_view = wait_until(
        map_page.page, drawn_and_expected, lambda v: v[0] == v[1], 15, "markers = filtered sites in view"
    )
    assert 0 < _in_bounds(core, mask, map_page.bounds()) <= in_view < expected, "the link's view shows only some"
    shapes = map_page.frame().evaluate(
        "Array.from(document.querySelectorAll('.hm-site-icon svg'), s => s.getAttribute('class'))"
    )
    assert shapes and all(any(f"hm-status-{s}" in shape for s in LINK_STATUSES) for shape in shapes), shapes
    chips = map_page.sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Conservation status")
    for label in ("Restored", "Damaged"):
        expect(chips.get_by_text(label, exact=True)).to_be_visible()
    expect(map_page.details.get_by_role("heading", name=site["name"], exact=True)).to_be_visible()
    expect(map_page.details).to_contain_text(f"Site id: {site['id']}")
    expect(map_page.details).to_contain_text("Status: Restored")
    expect(map_page.map.locator(".hm-site-icon.hm-selected")).to_have_count(1)
    assert_no_exception(map_page.page)
    # That the address bar then names this view is checked in test_the_url_names_the_view_of_a_link.


def test_a_link_reproduces_filters_view_and_site(new_page, app, core):
    mask = core.sites["status"].isin(LINK_STATUSES).to_numpy()  # by the fixture, not by the filter code
    lat, lon, zoom = LINK_VIEW
    site = core.sites.set_index("id", drop=False).loc[LINK_SITE]
    statuses = "&".join(f"status={s}" for s in LINK_STATUSES)
    link = f"/?{statuses}&view={lat},{lon},{zoom}&site={site['id']}"
    sender = MapPage(new_page(permissions=["clipboard-read", "clipboard-write"]), app.url, link).open()
    check_view(sender, core, mask, LINK_SHOWN, lat, lon, zoom, site)
    shown = sender.sites_shown()
    params = query_params(sender.page)
    assert params["status"] == list(LINK_STATUSES) and params["site"] == [site["id"]], params

    before = _view_param(sender.page)
    sender.pan_by(250, 120)
    _, new_lat, new_lng = sender.view()
    assert abs(new_lat - lat) > 0.1 and abs(new_lng - lon) > 0.1, "the pan did not move the map"
    panned = wait_for_url_view(sender)  # within 5 s
    assert panned != before and panned[2] == zoom
    assert sender.sites_shown() == shown, "panning changed the filtered count"
    params = query_params(sender.page)
    assert params["status"] == list(LINK_STATUSES) and params["site"] == [site["id"]], params

    # "Copy link" gives the same link as the address bar, the pan included.
    sender.page.get_by_role("button", name="Copy link").click()
    expect(sender.page.get_by_role("button", name="Link copied")).to_be_visible()
    copied = sender.page.evaluate("navigator.clipboard.readText()")
    assert f"view={panned[0]:.5f}%2C{panned[1]:.5f}%2C{panned[2]}" in copied.replace(",", "%2C"), copied

    # Someone else opens the link from the address bar: a new browser context, a new session.
    receiver = MapPage(new_page(), sender.page.url).open()
    check_view(receiver, core, mask, LINK_SHOWN, panned[0], panned[1], panned[2], site)
    assert receiver.sites_shown() == shown


def test_the_url_names_the_view_of_a_link(new_page, app):
    """Loaded again and again, a link's view must end up in the address bar every time."""
    page = new_page()
    lat, lon, zoom = LINK_VIEW
    for _ in range(6):
        map_page = MapPage(page, app.url, f"/?status=damaged&view={lat},{lon},{zoom}").open()
        url_lat, url_lon, url_zoom = wait_for_url_view(map_page, timeout=3)
        assert url_zoom == zoom and (url_lat, url_lon) == pytest.approx((lat, lon), abs=0.01)


def test_a_malformed_link_is_noted_and_shows_everything(new_page, app, core):
    link = "/?year=abc&status=splendid&view=999,999,99"
    map_page = MapPage(new_page(), app.url, link).open()
    map_page.wait_for_sites_shown(len(core.sites))
    for note in ("Ignored year=abc", "Ignored status=splendid", "Ignored view=999,999,99"):
        expect(map_page.page.get_by_text(note)).to_be_visible()
    map_page.wait_for_marker_total(len(core.sites))
    assert_no_exception(map_page.page)
    wait_for_script(map_page.page)
    params = query_params(map_page.page)
    assert "year" not in params and "status" not in params, f"the bad values stayed in the URL: {params}"
    assert set(params) <= KNOWN


def _scene_label(page):
    return page.get_by_role("heading", level=4).filter(has_text="Scene")


def test_presenter_steps_through_saved_scenes(new_page, app, core):
    scenes = [("Restored sites", "restored"), ("Damaged sites", "damaged")]
    counts = SCENE_COUNTS
    # Saved as an editor would (saving through the page is tested under AppTest, signed in).
    store = Store(app.database_url)
    for scene in store.scenes():
        store.remove_scene(scene.id)
    for name, status in scenes:
        store.add_scene(name, scene_params(ViewState(SiteFilter(statuses=(status,)))), "aysel")

    presenter = MapPage(new_page(), app.url, "/?present=1").open()
    page = presenter.page
    expect(page.get_by_text("2 scenes: press → to start")).to_be_visible()
    expect(presenter.sidebar).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    font = metric(page, "Sites shown").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font > 40, f"the presenter's figures are small: {font}px"
    presenter.wait_for_sites_shown(len(core.sites))

    for key, number in (("ArrowRight", 1), ("ArrowRight", 2), ("ArrowLeft", 1)):
        press_on_page(page, key)
        name, status = scenes[number - 1]
        expect(_scene_label(page)).to_have_text(f"Scene {number} of 2: {name}")
        presenter.wait_for_sites_shown(counts[number - 1])
        presenter.wait_for_marker_total(counts[number - 1])  # the whole country at the default view
        wait_until(page, lambda: query_params(page), lambda p, n=number: p.get("scene") == [str(n)], 5, "scene= in URL")
        assert query_params(page).get("status") == [status]
        assert query_params(page).get("present") == ["1"]
    expect(presenter.sidebar).to_be_hidden()
    assert_no_exception(page)
    screenshot(page, "presenter-scene-1")


SCENE_VIEW = (40.4, 48.5, 9)  # both scenes of the next test name this view


def test_a_scene_asked_for_again_after_a_pan_brings_the_map_back(new_page, app):
    """Two scenes with one view: panned away from the first, the second (and the first again) moves the map back.

    The map component moves only when the view it is sent differs from the last one it applied; the
    map must still move for a view asked for again (issue 15: an explicit move, no nudged centre).
    """
    store = Store(app.database_url)
    for scene in store.scenes():
        store.remove_scene(scene.id)
    lat, lon, zoom = SCENE_VIEW
    view = ViewState(view=MapView(lat, lon, zoom))
    for name, status in (("Restored here", "restored"), ("Damaged here", "damaged")):
        store.add_scene(name, scene_params(view.changed(site_filter=SiteFilter(statuses=(status,)))), "aysel")
    presenter = MapPage(new_page(), app.url, "/?present=1").open()
    page = presenter.page

    def at_scene_view(moved: tuple[int, float, float]) -> bool:
        return moved[0] == zoom and abs(moved[1] - lat) < 1e-3 and abs(moved[2] - lon) < 1e-3

    for key, number, name in (("ArrowRight", 1, "Restored here"), ("ArrowRight", 2, "Damaged here"),
                              ("ArrowLeft", 1, "Restored here")):  # fmt: skip
        wait_for_script(page)
        presenter.pan_by(400, 250)  # the person looks elsewhere
        wait_until(page, presenter.view, lambda v: not at_scene_view(v), 10, "the map panned away")
        press_on_page(page, key)
        expect(_scene_label(page)).to_have_text(f"Scene {number} of 2: {name}")
        wait_until(page, presenter.view, at_scene_view, 15, f"the map back at scene {number}'s view {SCENE_VIEW}")
        # The move is over (the map names its view in the address bar at its end): a pan now stays.
        wait_until(page, lambda: query_params(page).get("view"), lambda v: v == ["40.40000,48.50000,9"], 10, "view=")
    assert_no_exception(page)
