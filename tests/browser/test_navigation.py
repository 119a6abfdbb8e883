"""Moving between pages through the sidebar navigation keeps the filters and never raises."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import (
    MAP_IFRAME,
    PATIENCE,
    MapPage,
    assert_no_exception,
    nav_link,
    query_params,
    sign_in,
    wait_for,
    wait_for_script,
)

# Click a page in the navigation; once the address has changed, the map's frame shrinks to
# nothing and the map reports its view, as streamlit-folium does on Leaflet's moveend.
LEAVE_WHILE_THE_MAP_REPORTS = """async ([link, frame]) => {
  const element = Array.from(document.querySelectorAll(frame)).find(f => f.contentWindow && f.contentWindow.map);
  const map = element.contentWindow;
  const before = location.pathname;
  link.click();
  for (let waited = 0; location.pathname === before && waited < 5000; waited += 10) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  element.style.height = "0px";
  map.map.invalidateSize();
  map.HeritageMap.report({site: "syn-1", at: Date.now()});  // the only thing the map reports: a site clicked
}"""

pytestmark = pytest.mark.browser


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


def test_pages_that_end_early_stay_drawn_after_the_map(new_page, editor_app, browser_log):
    """Edit (no site chosen yet) and Import (no file yet) end early; the map left behind must not redraw into them.

    The map's frame shrinks as the page changes and Leaflet says the map moved; the report
    that followed reran the map's fragment after the page had changed: into the new page
    (blank browser) while pages ended with st.stop(), which left the fragment registered, and
    as an empty page after that. A map on a page the viewer has left now reports nothing
    (static/heritage/sites.js `report`).

    The pause after the new page shows is the behaviour under test: the page must still be there
    once a stray report would have rerun the map into it. Nothing on the page tells when that
    moment has passed, so the pause is fixed, scaled by the patience multiplier like every wait.
    """
    page = new_page()
    sign_in(page, editor_app.url)
    for title, ready in (("Edit", "Record an observation"), ("Import", "Import sites")) * 2:
        nav_link(page, "Map").click()
        map_page = MapPage(page, editor_app.url)
        expect(map_page.map.locator(".hm-cluster-icon").first).to_be_visible()  # drawn, and its view reported
        wait_for_script(page)
        page.evaluate(LEAVE_WHILE_THE_MAP_REPORTS, [nav_link(page, title).element_handle(), MAP_IFRAME])
        heading = page.get_by_role("heading", name=ready)
        expect(heading).to_be_visible()
        page.wait_for_timeout(1_000 * PATIENCE)  # see the docstring: the pause is what is tested
        expect(heading).to_be_visible()
        assert_no_exception(page)
    assert not [line for line in browser_log.console if "delta path" in line], browser_log.console
