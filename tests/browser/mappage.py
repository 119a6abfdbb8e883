"""Reading and driving the pages: Streamlit-wide helpers, then the map page's tiles, iframe and details."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Error, Frame, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from heritage.ui.mapcomponent import MAP_FRAME

MAP_IFRAME = MAP_FRAME  # the map's frame, as the adapter names it (heritage/ui/mapcomponent.py)
MARKERS = ".hm-site-icon, .hm-cluster-icon"
EXCEPTION = '[data-testid="stException"]'
SCRIPT_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
T = TypeVar("T")
# Every wait in the browser tests is multiplied by this. Waiting longer never makes a passing test
# fail; on a loaded 2-core machine a fresh server's first page can take many times its usual time.
PATIENCE = float(os.environ.get("HERITAGE_TEST_PATIENCE", "3"))
EDITOR = "aysel"  # the editor the test servers know (conftest.editor_secrets)
EDITOR_PASSWORD = "a long test password"

_MARKER_COUNTS = """() => ({
    singles: document.querySelectorAll('.hm-site-icon').length,
    clusters: Array.from(document.querySelectorAll('.hm-cluster-icon'), e => parseInt(e.textContent, 10)),
})"""


def wait_until(page: Page, read: Callable[[], T], ok: Callable[[T], bool], timeout: float, what: str) -> T:
    """Poll `read()` until `ok` holds; Playwright errors while Streamlit redraws count as 'not yet'."""
    timeout *= PATIENCE
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


# -- any Streamlit page -----------------------------------------------------------------
def wait_for(page: Page, ready: Locator, timeout: float = 30, what: str = "the page") -> None:
    """Wait until `ready` is visible; a Streamlit exception box on the page fails at once."""

    def state() -> str:
        if page.locator(EXCEPTION).count():
            return "exception: " + page.locator(EXCEPTION).first.inner_text()
        return "ready" if ready.count() and ready.first.is_visible() else "waiting"

    found = wait_until(page, state, lambda s: s != "waiting", timeout, what)
    assert found == "ready", f"the page shows an error instead of {what}:\n{found}"


def open_page(page: Page, url: str, ready: Locator | str, timeout: float = 30) -> Page:
    """Go to `url` and wait for `ready` (a locator or a selector) and for the script to finish."""
    page.goto(url)
    wait_for(page, page.locator(ready) if isinstance(ready, str) else ready, timeout, f"{ready} at {url}")
    wait_for_script(page)
    return page


def wait_for_script(page: Page, timeout: float = 15) -> None:
    """Until Streamlit's script run is over (the app root says so in a test attribute)."""
    expect(page.locator(SCRIPT_IDLE)).to_have_count(1, timeout=timeout * 1000)


def wait_for_paint(page: Page, timeout: float = 15) -> None:
    """Until what draws after the script run has drawn: map outlines, charts, tables.

    For screenshots: instead of a fixed pause, wait for the elements that paint late.
    """
    frames = page.locator(MAP_IFRAME)
    for index in range(frames.count()):
        outlines = page.frame_locator(MAP_IFRAME).nth(index).locator(".leaflet-basemap-pane path")
        expect(outlines.first).to_be_attached(timeout=timeout * 1000)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    for index in range(charts.count()):
        expect(charts.nth(index).locator("canvas, svg").first).to_be_visible(timeout=timeout * 1000)
    tables = page.locator('[data-testid="stDataFrame"]')
    for index in range(tables.count()):
        expect(tables.nth(index).locator("canvas").first).to_be_visible(timeout=timeout * 1000)


def assert_no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def query_params(page: Page) -> dict[str, list[str]]:
    """The parameters of the address bar, each a list (repeated ones in order)."""
    return parse_qs(urlsplit(page.url).query)


def download(page: Page, button: Locator, directory: Path, hovering: bool = False) -> Path:
    """Click a download button and keep the file under the name the browser was given.

    `hovering`: the button belongs to a toolbar shown while the pointer is over its element
    (st.dataframe's); the click is delivered to the button itself, since moving the pointer
    onto it can hand the click to the grid underneath.
    """
    with page.expect_download() as info:
        if hovering:
            button.dispatch_event("click")
        else:
            button.click()
    saved = directory / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def press_on_page(page: Page, key: str) -> None:
    """A key press for the Streamlit document, not for the map iframe or a focused widget."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.focus(); }")
    page.keyboard.press(key)


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save `test-artifacts/<name>.png`, replacing an older one."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=full_page)
    assert path.stat().st_size > 20_000, f"{path.name} is suspiciously small (a blank page?)"
    return path


def settle_outside_requests(page: Page, browser_log, timeout: float = 10) -> None:
    """Requests outside localhost fail at name resolution: wait until none is pending."""
    wait_until(
        page,
        lambda: [url for url, state in browser_log.outside.items() if state == "pending"],
        lambda pending: not pending,
        timeout,
        "requests outside localhost to end",
    )


def metric(page: Page, label: str) -> Locator:
    """The value of the metric tile with this label."""
    tile = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return tile.first.locator('[data-testid="stMetricValue"]')


# -- the map page ------------------------------------------------------------------------
class MapPage:
    def __init__(self, page: Page, url: str, path: str = ""):
        """`url` is the server's base URL; `path` (e.g. "/?status=damaged") is what is opened."""
        self.page = page
        self.url = url
        self.path = path

    # -- loading -----------------------------------------------------------------------
    def open(self, timeout: float = 30) -> MapPage:
        """Load the page and wait for markers and the run's end; a Streamlit exception on the page fails at once.

        The map comes first and the filters after it (heritage/ui/firstpaint.py): the run's end is their arrival.
        """
        self.page.goto(self.url + self.path)
        wait_for(self.page, self.map.locator(MARKERS), timeout, "the map markers")
        wait_for_script(self.page, timeout)
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
        """The filters in words under the map (not the keyboard help above it)."""
        return self.page.locator('.st-key-map_description [data-testid="stCaptionContainer"]').first

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

    def bounds(self) -> tuple[float, float, float, float]:
        """What the map shows: south, west, north, east (the order heritage.clustering uses)."""
        return tuple(
            self.frame().evaluate("(b => [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()])(map.getBounds())")
        )

    def pan_by(self, x: int, y: int) -> None:
        self.frame().evaluate(f"map.panBy([{int(x)}, {int(y)}], {{animate: false}})")


# -- moving around, as a person does ---------------------------------------------------------
def nav_link(page: Page, name: str) -> Locator:
    """A page's link in the sidebar navigation."""
    return page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name, exact=True)


def sign_in(page: Page, url: str) -> None:
    """Sign in as the test editor on the Editors page. It lasts this session: move on by `nav_link`."""
    open_page(page, f"{url}/editors", page.get_by_label("Editor name"))
    page.get_by_label("Editor name").fill(EDITOR)
    page.get_by_role("textbox", name="Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {EDITOR}")).to_be_visible()


def choose_option(page: Page, box_label: str, option: str, tries: int = 5) -> None:
    """Open a select box and pick an option; a rerun landing on the click can close the list, so reopen it."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=box_label)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(tries - 1):
        wait_for_script(page)
        box.click()
        try:
            choice.wait_for(state="visible", timeout=5_000 * PATIENCE)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        choice.click()
        return
    box.click()
    choice.click()


def click_until(page: Page, button: Locator, shown: Locator, tries: int = 3) -> None:
    """Click `button` on `page` until `shown` is visible.

    A click landing while the map reports a new view can reach Streamlit in one batch with
    that report, which then runs as the map's part of the page alone, and the click is lost
    (the console says "Multiple different fragmentIds detected in a single batch"). A person
    clicks again; so does this.
    """
    for _ in range(tries):
        wait_for_script(page)
        if shown.count():
            break
        button.click()
        try:
            shown.first.wait_for(state="visible", timeout=10_000 * PATIENCE)
            break
        except PlaywrightTimeout:
            continue
    expect(shown.first).to_be_visible()


def go_live(page: Page) -> str:
    """On the map page of a signed-in editor: Present, then Go live; the line naming the follow link."""
    page.get_by_role("button", name="Present").click()
    go = page.get_by_role("button", name="Go live")
    left_open = page.get_by_role("button", name="End it")  # this editor's earlier session, still open
    expect(go.or_(left_open).first).to_be_visible(timeout=30_000 * PATIENCE)
    if left_open.count():
        click_until(page, left_open, go)
    live = page.get_by_text("Live: followers open ")
    click_until(page, page.get_by_role("button", name="Go live"), live)
    return live.inner_text()
