"""The shipped condition record in a real browser: the "sources disagree" mark, hollow markers
for approximate locations, and each source's claim on the site page (screenshots in test-artifacts/)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from heritage.sources import DEFAULT_DATA

from .conftest import App, serve
from .mappage import PATIENCE, MapPage, assert_no_exception, screenshot, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory) -> Iterator[App]:
    """A server of the shipped data with a store of its own (it loads data/observations.csv on start)."""
    with serve(tmp_path_factory.mktemp("browser-shipped"), DEFAULT_DATA) as running:
        yield running


@pytest.fixture
def shipped_page(shipped_app, new_page) -> Page:
    return new_page()


def test_contested_sites_carry_a_visible_mark(shipped_page, shipped_app):
    # Askeran fortress, alone in this view: a marker of its own with the "!" badge.
    view = MapPage(shipped_page, shipped_app.url, "/?contested=1&view=39.9338,46.8311,14").open(timeout=60)
    assert view.sites_shown() == 4  # az-12, az-263, az-358, az-4028 (second reading)
    marks = wait_until(
        shipped_page,
        lambda: view.frame().locator(".hm-site-icon.hm-is-contested .hm-contested").count(),
        lambda n: n == 1,
        15,
        "one marker with the '!' badge",
    )
    assert marks == 1
    assert_no_exception(shipped_page)
    screenshot(shipped_page, "conditions-contested-map", full_page=False)


def test_approximate_locations_are_hollow(shipped_page, shipped_app):
    view = MapPage(shipped_page, shipped_app.url, "/?view=39.99,46.935,14").open(timeout=60)
    hollow = wait_until(
        shipped_page,
        lambda: view.frame().locator(".hm-is-approximate svg path[stroke-dasharray]").count(),
        lambda n: n >= 1,
        15,
        "a hollow, dashed marker",
    )
    assert hollow >= 1
    screenshot(shipped_page, "conditions-approximate-map", full_page=False)


def test_site_page_shows_each_claim_side_by_side(shipped_page, shipped_app):
    shipped_page.goto(shipped_app.url + "/site?site=az-263")
    expect(shipped_page.get_by_text("sources disagree", exact=False).first).to_be_visible(timeout=60_000 * PATIENCE)
    expect(shipped_page.get_by_text("What each source states", exact=False)).to_be_visible()
    assert_no_exception(shipped_page)
    screenshot(shipped_page, "conditions-site-page")
