"""Screenshots of the map, site and presenter pages in English and Azerbaijani (test-artifacts/),
for a person to look at; and what can be checked without eyes: nothing wider than the window,
no button label cut short (Azerbaijani labels are longer)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import MAP_IFRAME, MARKERS, open_page, screenshot, wait_for_paint

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
    wait_for_paint(page)  # the outlines, charts and tables drawn before the picture
    screenshot(page, f"{name}-{language}", full_page=False)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(CUT_SHORT) == []


@pytest.mark.parametrize("language", ["en", "az"])
def test_the_site_pages_small_map_keeps_its_legend_folded_and_its_credit_on_one_line(new_page, app, language):
    page = new_page()
    frame = page.frame_locator(MAP_IFRAME)
    open_page(page, app.url + f"/site?site=syn-3&lang={language}", frame.locator(MARKERS).first)
    legend, title = frame.locator(".hm-legend"), {"en": "Conservation status", "az": "Mühafizə vəziyyəti"}[language]
    expect(legend.locator("summary")).to_have_text(title)
    expect(legend.locator(".hm-legend-row").first).to_be_hidden()  # folded: it covers no markers
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert legend.bounding_box()["height"] < map_box["height"] / 8
    credit = frame.locator(".leaflet-control-attribution")
    expect(credit).to_have_text("Natural Earth, GeoNames (CC BY 4.0)")  # offline: no OpenStreetMap tile shown
    assert credit.bounding_box()["height"] < 20, "the credit wraps to a second line"
    legend.locator("summary").click()
    expect(legend.locator(".hm-legend-row").first).to_be_visible()
    screenshot(page, f"site-small-map-{language}", full_page=False)
