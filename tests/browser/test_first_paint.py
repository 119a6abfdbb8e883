"""The map first, then the rest of the map page (heritage/ui/firstpaint.py).

On a page load the map says once that it has drawn (POST /api/drawn), and the title bar,
tiles and filters come after it into a place kept above the map: the map does not move.
"""

from __future__ import annotations

import pytest

from .mappage import MAP_IFRAME, MapPage, wait_for_script

pytestmark = pytest.mark.browser

# In the page, every animation frame: where the map's frame is once it has a size (distinct tops).
TRACK_THE_MAP = """
window.hmTops = [];
(function track() {
  const frame = document.querySelector(%s);
  const box = frame && frame.getBoundingClientRect();
  if (box && box.height) {
    const top = Math.round(box.top * 10) / 10;
    if (!window.hmTops.length || window.hmTops[window.hmTops.length - 1] !== top) window.hmTops.push(top);
  }
  requestAnimationFrame(track);
})();
"""


@pytest.mark.parametrize("link", ["/?lang=en", "/?lang=az", "/?lang=en&present=1"])
def test_the_map_says_once_that_it_has_drawn_and_stays_put_as_the_rest_comes(page, app_url, link):
    words = []
    page.on("request", lambda r: words.append(r) if r.url.endswith("/api/drawn") else None)
    page.add_init_script(TRACK_THE_MAP % repr(MAP_IFRAME))
    MapPage(page, app_url, link).open()
    wait_for_script(page)
    page.wait_for_timeout(500)  # anything still to come after the run
    assert len(words) == 1, [w.url for w in words]
    assert words[0].method == "POST" and words[0].response().status == 204
    assert "token=" in (words[0].post_data or "")
    tops = page.evaluate("window.hmTops")
    # Where the map is drawn first is where it stays once the title bar and tiles are in (to a pixel).
    assert tops and max(tops) - min(tops) <= 1, tops
    assert page.locator(".st-key-page_header .st-key-indicator_tiles [data-testid='stMetric']").count() >= 1


def test_the_map_says_it_has_drawn_only_when_drawn_afresh(page, app_url):
    """A filter's run keeps the map on the page (its layer changes): no second word."""
    words = []
    page.on("request", lambda r: words.append(r) if r.url.endswith("/api/drawn") else None)
    map_page = MapPage(page, app_url, "/?lang=en").open()
    wait_for_script(page)
    map_page.choose("Conservation status", "Damaged")
    wait_for_script(page)
    page.wait_for_timeout(500)
    assert len(words) == 1  # the map on the page was not drawn afresh: it says nothing more
