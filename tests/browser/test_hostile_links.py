"""Hostile links in a real browser: whatever a link carries shows as text, never as a link out.

Streamlit's Markdown is GitHub-flavoured: it turns bare `https://...` and `www.` text into links
after its escapes are resolved, so escaping `[..](..)` is not enough. The check is what a person
could click: no `<a>` on the page (or in its frames) whose host is not the app's.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .mappage import assert_no_exception, open_page

pytestmark = pytest.mark.browser

HOSTILE = [
    "/?q=[Sign in](https://evil.example/login)",
    "/?status=[x](https://evil.example/a)",
    "/?region=%0A%0A[y](https://evil.example/b)",
    "/?q=" + quote("https://evil.example"),
    "/?q=" + quote("www.evil.example"),
    "/?q=" + quote("mail admin@evil.example"),
]

# Every anchor in the document and its same-origin frames whose host is not the page's own.
FOREIGN_ANCHORS = """() => {
    const hosts = [];
    const look = (doc) => {
        for (const a of doc.querySelectorAll('a[href]')) {
            const url = new URL(a.getAttribute('href'), doc.baseURI);
            if (url.host !== location.host || !['http:', 'https:'].includes(url.protocol)) {
                hosts.push(a.getAttribute('href'));
            }
        }
        for (const frame of doc.querySelectorAll('iframe')) {
            try { if (frame.contentDocument) look(frame.contentDocument); } catch (e) {}
        }
    };
    look(document);
    return hosts;
}"""
# Links the app itself puts on the map page, to hosts it names (map credits, data licences).
OWN_LINKS = ("https://leafletjs.com", "https://www.openstreetmap.org", "https://naturalearthdata.com")


def foreign_anchors(page) -> list[str]:
    return [href for href in page.evaluate(FOREIGN_ANCHORS) if not href.startswith(OWN_LINKS)]


@pytest.mark.parametrize("link", HOSTILE)
def test_a_hostile_link_puts_no_link_out_on_the_page(new_page, app, link):
    page = new_page()
    open_page(page, app.url + link, '[data-testid="stMetric"]')
    assert_no_exception(page)
    page.get_by_text("evil.example").first.wait_for()  # the hostile text is shown, as text
    assert foreign_anchors(page) == []


def test_a_link_too_long_to_read_is_said_so(new_page, app):
    """Streamlit drops a query string of over 1,000 parameters whole; the page says why it opened as it did."""
    page = new_page()
    open_page(page, app.url + "/?" + "&".join(["status=damaged"] * 1001), '[data-testid="stMetric"]')
    page.get_by_text("This link was too long to read").wait_for()
    assert_no_exception(page)
