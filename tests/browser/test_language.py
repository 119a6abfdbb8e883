"""The language in a real browser: from the browser's preference, from the link, and the sidebar switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import MAP_IFRAME, MARKERS, open_page, query_params, wait_for_script

pytestmark = pytest.mark.browser

LEGEND = ".hm-legend-title"


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
    wait_for_script(page)
    expect(page.locator(MAP_IFRAME)).to_have_count(1)  # the map is rebuilt in the new language
    expect(frame.locator(LEGEND)).to_have_text("Mühafizə vəziyyəti")
    expect(page.get_by_role("link", name="Xəritə")).to_be_visible()
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Dil")).to_be_visible()
    params = query_params(page)
    assert params["lang"] == ["az"]
    assert params["status"] == ["damaged", "destroyed"]
    assert params["view"] == ["40.40000,49.80000,9"]
    open_page(page, app.url + "/table?lang=ru", '[data-testid="stDataFrame"]')
    expect(page.get_by_role("link", name="Таблица объектов")).to_be_visible()
