"""Every page opens without an exception and is screenshotted to test-artifacts/ for a look.

The map page itself is `map-page.png` (test_map.py), presenter scenes `presenter-scene-1.png`
(test_share.py), the Edit page `edit-page.png` (test_editing.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import MAP_IFRAME, MARKERS, assert_no_exception, open_page, screenshot, wait_for_paint, wait_until

pytestmark = pytest.mark.browser


def test_every_page_opens_and_is_screenshotted(new_page, app, site_data, browser_log):
    page = new_page()
    site = site_data.by_id("syn-5")["properties"]
    lon, lat = site_data.by_id("syn-5")["geometry"]["coordinates"]
    pages = {
        "table": ("/table", page.locator('[data-testid="stDataFrame"]')),
        "progress": ("/progress", page.locator('[data-testid="stVegaLiteChart"]').nth(2)),
        "site": (f"/site?site={site['id']}", page.get_by_role("heading", name="Within 5 km")),
        "about": ("/about", page.get_by_role("heading", name="What the statuses mean")),
        "presenter": ("/?present=1", page.frame_locator(MAP_IFRAME).locator(MARKERS)),
    }
    for name, (path, ready) in pages.items():
        open_page(page, app.url + path, ready)
        if name == "site":
            expect(page.get_by_role("heading", name=site["name"], exact=True)).to_be_visible()
            expect(page.frame_locator(MAP_IFRAME).locator(".hm-site-icon.hm-selected")).to_have_count(1)
            # The small map opens on the site, close up (an animated first fit once swallowed the move).
            small_map = page.locator(MAP_IFRAME).element_handle().content_frame()
            wait_until(
                page,
                lambda frame=small_map: frame.evaluate("[map.getZoom(), map.getCenter().lat, map.getCenter().lng]"),
                lambda v: v[0] == 15 and abs(v[1] - lat) < 1e-4 and abs(v[2] - lon) < 1e-4,
                10,
                f"the site page's map at zoom 15 on {lat}, {lon}",
            )
        if name == "presenter":
            expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        wait_for_paint(page)  # charts and map outlines paint after the script run
        assert_no_exception(page)
        screenshot(page, f"page-{name}")
    assert browser_log.dialogs == []
