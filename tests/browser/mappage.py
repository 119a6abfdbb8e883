"""Reading and driving the map page: the metric tiles, the folium iframe, the details column."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Error, Frame, Page, expect

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".hm-site-icon, .hm-cluster-icon"
T = TypeVar("T")

_MARKER_COUNTS = """() => ({
    singles: document.querySelectorAll('.hm-site-icon').length,
    clusters: Array.from(document.querySelectorAll('.hm-cluster-icon'), e => parseInt(e.textContent, 10)),
})"""


def wait_until(page: Page, read: Callable[[], T], ok: Callable[[T], bool], timeout: float, what: str) -> T:
    """Poll `read()` until `ok` holds; Playwright errors while Streamlit redraws count as 'not yet'."""
    deadline = time.monotonic() + timeout
    value: object = None
    while True:
        try:
            value = read()
            if ok(value):
                return value
        except Error as error:
            value = f"error: {error.message.splitlines()[0]}"
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; last value: {value!r}")
        page.wait_for_timeout(100)


class MapPage:
    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url

    # -- loading -----------------------------------------------------------------------
    def open(self, timeout: float = 30) -> MapPage:
        """Load the page and wait for markers; a Streamlit exception on the page fails at once."""
        self.page.goto(self.url)

        def state() -> str:
            if self.page.locator('[data-testid="stException"]').count():
                return "exception: " + self.page.locator('[data-testid="stException"]').first.inner_text()
            return "markers" if self.map.locator(MARKERS).count() else "waiting"

        found = wait_until(self.page, state, lambda s: s != "waiting", timeout, "map markers")
        assert found == "markers", f"the page shows an error instead of the map:\n{found}"
        return self

    # -- Streamlit side ----------------------------------------------------------------
    @property
    def sites_shown_tile(self):
        return self.page.locator('[data-testid="stMetric"]').first

    def sites_shown(self) -> int:
        expect(self.sites_shown_tile.locator('[data-testid="stMetricLabel"]')).to_have_text("Sites shown")
        return int(self.sites_shown_tile.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))

    @property
    def sidebar(self):
        return self.page.locator('[data-testid="stSidebar"]')

    @property
    def map_block(self):
        """The row holding the map column and the details column."""
        return self.page.locator('[data-testid="stHorizontalBlock"]').filter(has=self.page.locator(MAP_IFRAME))

    @property
    def details(self):
        return self.map_block.locator('[data-testid="stColumn"]').last

    @property
    def caption(self):
        return self.map_block.locator('[data-testid="stCaptionContainer"]').first

    def search(self, text: str) -> None:
        box = self.sidebar.get_by_label("Search")
        box.fill(text)
        box.press("Enter")

    def choose(self, multiselect_label: str, option: str) -> None:
        widget = self.sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text=multiselect_label)
        widget.click()
        self.page.get_by_role("option", name=option, exact=True).click()
        self.page.keyboard.press("Escape")

    def wait_for_sites_shown(self, expected: int, timeout: float = 15) -> None:
        wait_until(self.page, self.sites_shown, lambda n: n == expected, timeout, f"'Sites shown' = {expected}")

    # -- inside the map iframe ---------------------------------------------------------
    @property
    def map(self):
        return self.page.frame_locator(MAP_IFRAME)

    def frame(self) -> Frame:
        """The map's Frame, looked up afresh: Streamlit may replace the iframe on a rerun."""
        frame = self.page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None, "the map iframe has no content frame"
        return frame

    def marker_counts(self) -> dict:
        return self.frame().evaluate(_MARKER_COUNTS)

    def marker_total(self) -> int:
        counts = self.marker_counts()
        return counts["singles"] + sum(counts["clusters"])

    def wait_for_marker_total(self, expected: int, timeout: float = 15) -> dict:
        return wait_until(
            self.page,
            self.marker_counts,
            lambda c: c["singles"] + sum(c["clusters"]) == expected,
            timeout,
            f"single markers + cluster numbers = {expected}",
        )

    def view(self) -> tuple[int, float, float]:
        return tuple(self.frame().evaluate("[map.getZoom(), map.getCenter().lat, map.getCenter().lng]"))
