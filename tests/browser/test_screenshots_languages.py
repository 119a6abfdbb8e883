"""Screenshots of the map, site and presenter pages in English and Azerbaijani (test-artifacts/),
for a person to look at; and what can be checked without eyes: nothing wider than the window,
no button label cut short (Azerbaijani labels are longer)."""

from __future__ import annotations

import pytest

from .mappage import MAP_IFRAME, MARKERS, open_page, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "map": "/?{lang}",
    "site": "/site?site=syn-3&{lang}",
    "presenter": "/?present=1&{lang}",
}

CUT_SHORT = """() => [...document.querySelectorAll('button, [data-testid="stMetricLabel"]')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.trim()).filter(Boolean)"""


@pytest.mark.parametrize("language", ["en", "az"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_fit_in_both_languages(new_page, app, name, language):
    page = new_page()
    ready = page.frame_locator(MAP_IFRAME).locator(MARKERS).first
    open_page(page, app.url + PAGES[name].format(lang=f"lang={language}"), ready)
    page.wait_for_timeout(500)  # let the tiles and the legend settle before the picture
    screenshot(page, f"{name}-{language}", full_page=False)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(CUT_SHORT) == []
