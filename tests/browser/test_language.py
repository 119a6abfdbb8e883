"""The language in a real browser: from the browser's preference, from the link, and the sidebar switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .mappage import MAP_IFRAME, MARKERS, open_page, query_params, wait_for_script, wait_until

pytestmark = pytest.mark.browser

LEGEND = ".hm-legend-title"


def map_legends(page: Page) -> list[str]:
    """The legend title of every map frame on the page (none yet drawn: an empty text)."""
    frames = page.frame_locator(MAP_IFRAME)
    return [" ".join(frames.nth(i).locator(LEGEND).all_inner_texts()) for i in range(page.locator(MAP_IFRAME).count())]


def test_the_browsers_language_is_used_when_the_link_names_none(new_page, app):
    page = new_page(locale="az-AZ", extra_http_headers={"Accept-Language": "az-AZ,az;q=0.9,en;q=0.5"})
    open_page(page, app.url + "/", page.frame_locator(MAP_IFRAME).locator(MARKERS).first)
    expect(page.frame_locator(MAP_IFRAME).locator(LEGEND)).to_have_text("Mühafizə vəziyyəti")
    expect(page.get_by_role("link", name="Abidələr cədvəli")).to_be_visible()
    assert "lang" not in query_params(page)  # a guess is not written into links


def test_the_switch_changes_the_language_and_keeps_the_view(new_page, app):
    page = new_page()
    frame = page.frame_locator(MAP_IFRAME)
    open_page(
        page, app.url + "/?status=damaged&status=destroyed&view=40.40000,49.80000,9", frame.locator(MARKERS).first
    )
    expect(frame.locator(LEGEND)).to_have_text("Conservation status")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Language").click()
    page.get_by_role("option", name="Azərbaycan", exact=True).click()
    # The map is rebuilt in the new language. For a moment the old map and the new one are both
    # on the page, so wait for one map, in Azerbaijani, with its markers.
    wait_until(page, lambda: map_legends(page), lambda titles: titles == ["Mühafizə vəziyyəti"], 15, "one map in az")
    expect(frame.locator(MARKERS).first).to_be_visible()
    wait_for_script(page)
    expect(page.get_by_role("link", name="Xəritə")).to_be_visible()
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Dil")).to_be_visible()
    params = query_params(page)
    assert params["lang"] == ["az"]
    assert params["status"] == ["damaged", "destroyed"]
    # The new map gets its height after it is drawn; the link still names the view opened
    # (it read 40.40095,49.80103 once Leaflet had resized the map).
    for _ in range(15):
        assert query_params(page)["view"] == ["40.40000,49.80000,9"]
        page.wait_for_timeout(100)
    open_page(page, app.url + "/table?lang=ru", '[data-testid="stDataFrame"]')
    expect(page.get_by_role("link", name="Таблица объектов")).to_be_visible()
