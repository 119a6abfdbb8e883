"""Moving between pages through the sidebar navigation keeps the filters and never raises."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import MapPage, assert_no_exception, query_params, wait_for, wait_for_script

pytestmark = pytest.mark.browser


def nav_link(page, title: str):
    return page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True)


def test_navigation_keeps_filters_and_never_raises(page, app):
    map_page = MapPage(page, app.url, "/?status=damaged&year=1995-2015&year_unknown=1").open()
    assert map_page.sites_shown() == 8  # the 9 damaged sites but syn-30 (inscribed 2020)
    for title, ready in (
        ("Sites table", '[data-testid="stDataFrame"]'),
        ("Progress", '[data-testid="stVegaLiteChart"]'),
        ("Site", '[data-testid="stMain"] h1'),
        ("Map", '[data-testid="stMetric"]'),
    ):
        nav_link(page, title).click()
        wait_for(page, page.locator(ready), what=f"the {title} page")
        wait_for_script(page)
        assert_no_exception(page)
        if title != "Site":  # the site page has no filters; they come back on the next page
            assert query_params(page).get("status") == ["damaged"], page.url
            assert query_params(page).get("year") == ["1995-2015"], page.url
    expect(map_page.sidebar.get_by_text("Damaged", exact=True)).to_be_visible()
    assert map_page.sites_shown() == 8
