"""The map without a mouse: Tab reaches the filters and the markers, with a visible focus;
Enter on a focused marker opens its details; clusters and the map frame have names; a link
opens the same sites as a list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .mappage import MAP_IFRAME, MARKERS, open_page, query_params

pytestmark = pytest.mark.browser

MAX_TABS = 120  # the sidebar, the page's buttons and the map's own controls come first


def tab_until(page: Page, found: str, what: str) -> None:
    """Press Tab until `found` (a JS expression over `active`, the focused element, inside the
    map frame when focus is there) is true; fail after MAX_TABS."""
    script = (
        "() => { let active = document.activeElement;"
        " while (active && active.tagName === 'IFRAME' && active.contentDocument) {"
        " active = active.contentDocument.activeElement; }"
        f" return !!active && ({found}); }}"
    )
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(script):
            return
    raise AssertionError(f"Tab never reached {what}")


def focused_outline(page: Page, in_frame: bool) -> str:
    """The outline style of the focused element: a visible focus is not `none`."""
    frame = page.frame_locator(MAP_IFRAME) if in_frame else None
    target = frame.locator(":focus") if frame else page.locator(":focus")
    return target.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")


def settled(page: Page, element, style: str) -> str:
    """A computed style once it has stopped changing: Streamlit fades a frame's colour, so a
    reading taken during the fade is neither the focused colour nor the unfocused one."""
    before = element.evaluate(style)
    for _ in range(20):
        page.wait_for_timeout(100)
        now = element.evaluate(style)
        if now == before:
            return now
        before = now
    return before


def test_tab_reaches_the_search_box_and_a_marker_and_enter_opens_it(new_page, app, site_data):
    site = site_data.features[5]
    lon, lat = site["geometry"]["coordinates"]
    name = site["properties"]["name"]
    page = new_page()
    frame = page.frame_locator(MAP_IFRAME)
    open_page(page, f"{app.url}/?view={lat:.5f},{lon:.5f},18", frame.locator(".hm-site-icon").first)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.focus(); }")
    tab_until(page, "active.getAttribute('aria-label') === 'Search'", "the search box")
    # Streamlit shows a focused text box by its frame's colour: it differs from the unfocused one.
    frame_colour = "e => getComputedStyle(e.closest('[data-testid=stTextInputRootElement]')).borderColor"
    search = page.locator('[data-testid="stSidebar"] input[aria-label="Search"]')
    search.focus()  # Tab reached it; a redraw of the page since may have taken the focus away
    expect(search).to_be_focused()
    focused_colour = settled(page, search, frame_colour)
    search.evaluate("e => e.blur()")
    assert settled(page, search, frame_colour) != focused_colour
    search.focus()
    tab_until(page, "active.classList.contains('hm-site-icon')", "a site marker")
    focused = frame.locator(".hm-site-icon:focus")
    expect(focused).to_have_attribute("aria-label", re.compile(r"^" + re.escape(name) + r", [a-z ]+"))
    assert not focused_outline(page, in_frame=True).startswith("none")
    page.keyboard.press("Enter")
    details = page.locator('[data-testid="stHeading"]').filter(has_text=name)
    expect(details.first).to_be_visible()
    assert query_params(page)["site"] == [site["properties"]["id"]]


def test_clusters_and_the_map_frame_have_names_and_a_list_link_keeps_the_filters(new_page, app):
    page = new_page()
    frame = page.frame_locator(MAP_IFRAME)
    open_page(page, app.url + "/?status=damaged&status=restored", frame.locator(MARKERS).first)
    expect(page.locator(MAP_IFRAME)).to_have_attribute("aria-label", "Map of heritage sites")
    clusters = frame.locator(".hm-cluster-icon")
    if clusters.count():
        expect(clusters.first).to_have_attribute("aria-label", re.compile(r"^\d+ sites$"))
    expect(page.get_by_text("Keyboard: Tab reaches the markers")).to_be_visible()
    as_list = page.get_by_role("link", name="Show these sites as a list")
    href = as_list.get_attribute("href") or ""
    assert (
        href.rstrip("/").split("/")[-1].startswith("table?") and "status=damaged" in href and "status=restored" in href
    )
    as_list.click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    params = query_params(page)
    assert params["status"] == ["damaged", "restored"]


def test_clusters_announce_their_count_in_azerbaijani(new_page, app):
    page = new_page()
    frame = page.frame_locator(MAP_IFRAME)
    open_page(page, app.url + "/?lang=az&view=40.40000,47.80000,6", frame.locator(".hm-cluster-icon").first)
    expect(page.locator(MAP_IFRAME)).to_have_attribute("aria-label", "Tarix-mədəniyyət abidələrinin xəritəsi")
    expect(frame.locator(".hm-cluster-icon").first).to_have_attribute("aria-label", re.compile(r"^\d+ abidə$"))
