"""axe-core over every page a visitor sees, and inside the map's frame: no serious or critical violation.

axe-core runs from the copy bundled in the `axe-playwright-python` package (its
`axe.min.js`), injected into the page: no network. The map lives in an iframe (the
streamlit-folium component), which axe checks on its own, with axe injected into it.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page

from .mappage import MAP_IFRAME, MARKERS, open_page, screenshot, wait_for_paint

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "iframes": False,  # the map frame is checked on its own, with axe injected into it
}


def violations(target: Page | Frame) -> list[str]:
    """Serious and critical violations, one line each: rule, impact, what it asks, where."""
    results = Axe().run(target, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        where = "; ".join(_node(node) for node in violation["nodes"][:3])
        more = f" (+{len(violation['nodes']) - 3} more)" if len(violation["nodes"]) > 3 else ""
        lines.append(f"{violation['id']} [{violation['impact']}] {violation['help']}: {where}{more}")
    return lines


def _node(node: dict) -> str:
    """The element's HTML and axe's advice, cut short."""
    return f"{node['html'][:160]} ({node.get('failureSummary', '')[:200]})"


def map_frame(page: Page) -> Frame:
    handle = page.locator(MAP_IFRAME).first.element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None, "the map frame is missing"
    return frame


PAGES = {
    "map": ("/", MAP_IFRAME),
    "table": ("/table", '[data-testid="stDataFrame"]'),
    "progress": ("/progress", '[data-testid="stVegaLiteChart"]'),
    "site": ("/site?site=syn-5", MAP_IFRAME),
    "about": ("/about", "h1"),
    "editors": ("/editors", "h1"),
    "presenter": ("/?present=1", MAP_IFRAME),
}


@pytest.mark.parametrize("language", ["en", "az"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(new_page, app, name, language):
    path, ready = PAGES[name]
    page = new_page()
    url = app.url + path + ("&" if "?" in path else "?") + f"lang={language}"
    open_page(page, url, ready)
    found = {}
    if MAP_IFRAME in ready:
        page.frame_locator(MAP_IFRAME).locator(MARKERS).first.wait_for()
        wait_for_paint(page)  # the legend and outlines paint after the markers' data
        found["map frame"] = violations(map_frame(page))
    found["page"] = violations(page)
    if language == "az":
        screenshot(page, f"a11y-{name}-{language}")
    assert {where: lines for where, lines in found.items() if lines} == {}
