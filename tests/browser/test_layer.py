"""The map fetches its own layer over HTTP: a pan or a zoom runs no script (issue 15).

Every message the page sends to the server over Streamlit's websocket is decoded
(streamlit.proto BackMsg); a `rerun_script` is a script run asked for.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from heritage.schema import STATUSES

from .mappage import PATIENCE, MapPage, query_params, wait_for_script, wait_until

pytestmark = pytest.mark.browser


class Reruns:
    """Counts the `rerun_script` messages a page sends, from the moment it is attached."""

    def __init__(self, page):
        self.count = 0
        self.seen: list[str] = []
        self.layers = 0  # answers of the layer route the page received
        page.on("websocket", lambda ws: ws.on("framesent", self._sent))
        page.on("response", self._response)

    def _sent(self, payload) -> None:
        if isinstance(payload, str):
            return
        message = BackMsg.FromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            rerun = message.rerun_script
            self.count += 1
            self.seen.append(f"fragment={rerun.fragment_id!r} auto={rerun.is_auto_rerun}")

    def _response(self, response) -> None:
        if "/api/layer?" in response.url:
            self.layers += 1


def test_pans_and_zooms_run_no_script(page, app_url, site_data):
    reruns = Reruns(page)
    map_page = MapPage(page, app_url).open()
    wait_for_script(page)
    total = len(site_data.features)
    before = map_page.wait_for_marker_total(total)
    wait_until(page, lambda: reruns.layers, lambda n: n >= 1, 15, "the map's first layer from /api/layer")
    runs, layers = reruns.count, reruns.layers
    # One run per page load: the page's own; the map reports no bounds that would start another.
    assert runs == 1, f"opening the map page asked for {runs} script runs: {reruns.seen}"

    # Zoom in: the layer of zoom 8 splits clusters, fetched by the map itself.
    map_page.map.locator(".leaflet-control-zoom-in").click()
    wait_until(
        page,
        lambda: (map_page.view()[0], map_page.marker_counts()["singles"]),
        lambda v: v[0] == 8 and v[1] > before["singles"],
        15,
        "zoom 8 and the zoom-8 marker layer",
    )
    map_page.pan_by(300, -200)
    wait_until(page, lambda: reruns.layers, lambda n: n >= layers + 2, 15, "a layer for the pan")
    map_page.map.locator(".leaflet-control-zoom-out").click()
    wait_until(page, lambda: map_page.view()[0], lambda z: z == 7, 15, "zoom 7 again")
    wait_until(page, lambda: reruns.layers, lambda n: n >= layers + 3, 15, "a layer for the zoom out")
    # The address bar names the view the person moved to (a copied link reproduces it).
    zoom, lat, lng = map_page.view()
    wait_until(
        page, lambda: query_params(page).get("view"), lambda v: v == [f"{lat:.5f},{lng:.5f},7"], 10, "view= in the URL"
    )
    assert reruns.count == runs, f"moving the map asked for {reruns.count - runs} script runs: {reruns.seen[runs:]}"
    # Left open, the page runs nothing either (there used to be a 3-second timer). The pause is
    # the behaviour under test: longer than any timer the page had.
    page.wait_for_timeout(2_000 * PATIENCE)  # 6 s at the default patience
    assert reruns.count == runs, f"an idle page asked for {reruns.count - runs} script runs: {reruns.seen[runs:]}"


def test_a_click_hands_the_site_id_to_the_page_after_a_pan(page, app_url, site_data):
    """A marker drawn by the route (after a pan, no run since) still opens its site."""
    site = next(p for p in site_data.properties if p["id"].startswith("syn-") and p["status"] == "damaged")
    map_page = MapPage(page, app_url, "/?status=damaged").open()
    wait_for_script(page)
    feature = next(f for f in site_data.features if f["properties"]["id"] == site["id"])
    lon, lat = feature["geometry"]["coordinates"]
    map_page.frame().evaluate(f"map.setView([{lat}, {lon}], 15, {{animate: false}})")
    marker = map_page.map.locator(".hm-site-icon").first
    expect(marker).to_have_count(1)
    marker.click()
    expect(map_page.details).to_contain_text(f"Site id: {site['id']}")
    expect(map_page.details).to_contain_text(f"Status: {STATUSES['damaged']}")


def test_the_credit_says_leaflet_in_plain_words_without_a_flag(page, app_url):
    """Leaflet 1.9 puts a flag icon before its name; a government's map shows no symbol it did not choose."""
    map_page = MapPage(page, app_url).open()
    credit = map_page.map.locator(".leaflet-control-attribution")
    expect(credit).to_contain_text("Leaflet")
    expect(credit.locator("svg, img, .leaflet-attribution-flag")).to_have_count(0)


OUTSIDE_THE_WINDOW = """() => {
    const box = map.getContainer().getBoundingClientRect();
    return [...map.getContainer().querySelectorAll(".hm-site-icon, .hm-cluster-icon")].filter((marker) => {
        const at = marker.getBoundingClientRect();
        return at.right < box.left || at.left > box.right || at.bottom < box.top || at.top > box.bottom;
    }).length;
}"""


def test_a_layer_is_drawn_whole_the_window_first_then_the_padded_area(page, app_url):
    """sites.js draws the markers in the window first and those of the padded area a task later: none is lost."""
    answers = []
    page.on("response", lambda answer: answers.append(answer) if "/api/layer?" in answer.url else None)
    map_page = MapPage(page, app_url).open()
    wait_for_script(page)
    frame = map_page.frame()
    asked = frame.evaluate(
        "() => { map.setView([40.15, 47.6], 9, {animate: false});"
        " return Number(map.getContainer().getAttribute('data-hm-layer-asked')); }"
    )
    assert asked >= 1  # the map counts the layers it asks for (benchmarks/layer.py times a move by them)
    count = "(name) => Number(map.getContainer().getAttribute(name) || 0)"
    wait_until(page, lambda: frame.evaluate(f"({count})('data-hm-layer-drawn')"), lambda n: n >= asked, 15, "the layer")
    assert frame.evaluate(f"({count})('data-hm-layer-shown')") >= asked
    layer = next(answer for answer in reversed(answers) if "zoom=9" in answer.url).json()
    drawn = frame.evaluate("map.getContainer().querySelectorAll('.hm-site-icon, .hm-cluster-icon').length")
    assert drawn == len(layer["singles"]) + len(layer["clusters"])
    assert frame.evaluate(OUTSIDE_THE_WINDOW) > 0  # the padded area's markers, drawn after the window's
