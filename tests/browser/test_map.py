"""The map page in a real browser: markers, filters, clicks, hostile text, no outside requests."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from PIL import Image
from playwright.sync_api import expect

from heritage.schema import STATUSES

from .conftest import ARTIFACTS, HOSTILE_DESCRIPTION, HOSTILE_ID, HOSTILE_NAME
from .mappage import MAP_IFRAME, MapPage, settle_outside_requests, wait_until

pytestmark = pytest.mark.browser

NO_IMG_X = "() => document.querySelectorAll('img[src=\"x\"], [onerror]').length"


@pytest.fixture
def map_page(page, app_url) -> MapPage:
    return MapPage(page, app_url).open()


def test_markers_appear_and_add_up_offline(map_page, site_data, browser_log):
    expect(map_page.map.locator(".hm-legend")).to_be_visible()
    expect(map_page.map.locator(".hm-legend")).to_contain_text("Conservation status")
    total = len(site_data.features)
    assert map_page.sites_shown() == total
    counts = map_page.wait_for_marker_total(total)
    assert counts["singles"] > 0, "with this few sites some must be drawn on their own"
    assert all(n >= 2 for n in counts["clusters"]), f"a cluster of fewer than two sites: {counts}"
    expect(map_page.caption).to_have_text(f"{total} sites")

    frame = map_page.frame()
    assert frame.evaluate("typeof window.L === 'object' && typeof L.map === 'function'")
    leaflet = frame.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => /leaflet[^/]*\\.js/.test(n))"
    )
    assert leaflet, "leaflet.js was not loaded at all"
    assert all(url.startswith(map_page.url + "/") for url in leaflet), leaflet

    settle_outside_requests(map_page.page, browser_log)
    assert browser_log.succeeded_outside() == {}, "requests outside localhost got through"
    # The tiles (tile.openstreetmap.org by default) are tried and refused; the map above still works.
    assert all(state.startswith("failed") for state in browser_log.outside.values())


def test_status_filter_updates_the_map_and_keeps_the_view(map_page, site_data):
    total = len(site_data.features)
    before = map_page.wait_for_marker_total(total)

    map_page.map.locator(".leaflet-control-zoom-in").click()
    # The rerun with the new bounds splits clusters: more single markers than at zoom 7.
    wait_until(
        map_page.page,
        lambda: (map_page.view()[0], map_page.marker_counts()["singles"]),
        lambda v: v[0] == 8 and v[1] > before["singles"],
        15,
        "zoom 8 and the zoom-8 marker layer",
    )
    zoom, lat, lng = map_page.view()

    status, label = "at_risk", STATUSES["at_risk"]
    expected = sum(p["status"] == status for p in site_data.properties)
    assert 0 < expected < total
    map_page.choose("Conservation status", label)
    map_page.wait_for_sites_shown(expected)
    # At zoom 8 the padded view still holds every generated site, so all of them are drawn.
    map_page.wait_for_marker_total(expected)
    expect(map_page.caption).to_have_text(f"{expected} sites · status {label.lower()}")
    shapes = map_page.frame().evaluate(
        "Array.from(document.querySelectorAll('.hm-site-icon svg'), s => s.getAttribute('class'))"
    )
    assert shapes and all(f"hm-status-{status}" in s for s in shapes), shapes

    assert map_page.view()[0] == zoom == 8, "the filter reset the zoom"
    _, new_lat, new_lng = map_page.view()
    assert (new_lat, new_lng) == pytest.approx((lat, lng), abs=1e-4), "the filter moved the map"


def _site_clear_of_controls(site_data) -> dict:
    """A generated site in the north-west of the country, away from the legend and zoom buttons."""
    for feature in site_data.features:
        lon, lat = feature["geometry"]["coordinates"]
        if feature["properties"]["id"].startswith("syn-") and 45.8 < lon < 47.5 and 40.0 < lat < 41.3:
            return feature["properties"]
    raise AssertionError("no generated site in the chosen area; change the seed or the area")


def test_clicking_a_marker_shows_its_details(map_page, site_data):
    site = _site_clear_of_controls(site_data)
    expect(map_page.details).to_contain_text("Click a site on the map")
    map_page.search(site["name"])
    map_page.wait_for_sites_shown(1)
    markers = map_page.map.locator(".hm-site-icon")
    expect(markers).to_have_count(1)
    expect(map_page.map.locator(".hm-cluster-icon")).to_have_count(0)

    markers.click()
    expect(map_page.details.get_by_role("heading", name=site["name"], exact=True)).to_be_visible()
    expect(map_page.details).to_contain_text(f"Status: {STATUSES[site['status']]}")
    expect(map_page.details).to_contain_text(f"Site id: {site['id']}")
    expect(map_page.details).to_contain_text(site["description"])
    expect(map_page.details).not_to_contain_text("Click a site on the map")
    expect(map_page.map.locator(".hm-site-icon.hm-selected")).to_have_count(1)


def test_hostile_text_stays_text(map_page, browser_log):
    map_page.search("onerror")
    map_page.wait_for_sites_shown(1)
    marker = map_page.map.locator(".hm-site-icon")
    expect(marker).to_have_count(1)
    marker.click()

    heading = map_page.details.get_by_role("heading", level=3)
    expect(heading).to_have_text(HOSTILE_NAME)
    expect(map_page.details).to_contain_text(f"Site id: {HOSTILE_ID}")
    expect(map_page.details).to_contain_text(HOSTILE_DESCRIPTION)

    selected = map_page.map.locator(".hm-site-icon.hm-selected")
    expect(selected).to_have_count(1)  # the rerun after the click has redrawn the layer
    selected.hover()
    tooltip = map_page.map.locator(".leaflet-tooltip").last
    expect(tooltip).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    map_page.page.screenshot(path=ARTIFACTS / "map-hostile-site.png", full_page=True)

    assert browser_log.dialogs == [], "hostile text opened a dialog"
    assert map_page.page.evaluate(NO_IMG_X) == 0, "hostile text became an element in the page"
    assert map_page.frame().evaluate(NO_IMG_X) == 0, "hostile text became an element in the map"
    expect(tooltip).to_contain_text("<img src=x")
    expect(tooltip).to_contain_text(HOSTILE_NAME)


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def test_screenshot_shows_the_markers_the_outlines_and_the_legend(map_page, browser_log, site_data):
    """The picture itself: each drawn marker's colour and the land colour are in the pixels."""
    legend = map_page.map.locator(".hm-legend")
    expect(legend).to_be_visible()
    for label in STATUSES.values():
        expect(legend).to_contain_text(label)
    map_page.wait_for_marker_total(len(site_data.features))
    expect(map_page.map.locator(".leaflet-basemap-pane path").first).to_be_attached()  # outlines drawn
    settle_outside_requests(map_page.page, browser_log)
    frame = map_page.frame()
    marker_colours = set(
        frame.evaluate("Array.from(document.querySelectorAll('.hm-site-icon path'), p => p.getAttribute('fill'))")
    )
    assert len(marker_colours) >= 3, marker_colours
    frame.evaluate("document.querySelector('.hm-legend').style.visibility = 'hidden'")  # its swatches would count
    image = Image.open(io.BytesIO(map_page.page.locator(MAP_IFRAME).screenshot())).convert("RGB")
    colours = Counter({_hex(rgb): count for count, rgb in image.getcolors(image.width * image.height)})
    frame.evaluate("document.querySelector('.hm-legend').style.visibility = 'visible'")
    missing = {colour: colours[colour.upper()] for colour in marker_colours if colours[colour.upper()] < 10}
    assert not missing, f"marker colours drawn in the page but not visible in the picture: {missing}"
    land = colours["#F4F1EA"] / (image.width * image.height)
    assert land > 0.2, f"the land outline fill covers only {land:.0%} of the map"
    ARTIFACTS.mkdir(exist_ok=True)
    map_page.page.screenshot(path=ARTIFACTS / "map-page.png", full_page=True)
