"""The condition record over time in a real browser (issue 17), on the shipped data: who states a
status and since when (tooltip, details), stale and changed marks with their legend rows, the
record on a past day, the presenter's year steps, and the claims as wrapped lines at 1280x720.
Screenshots in az and en go to test-artifacts/ (record-*.png)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from heritage.sources import DEFAULT_DATA

from .conftest import App, serve
from .mappage import PATIENCE, MapPage, assert_no_exception, query_params, screenshot, wait_until

pytestmark = pytest.mark.browser
SMALL = {"width": 1280, "height": 720}
SHUSHA = "39.7605,46.7520,17"  # the two Govhar Agha mosques apart, at street scale


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory) -> Iterator[App]:
    """A server of the shipped data with a store of its own (it loads data/observations.csv on start)."""
    with serve(tmp_path_factory.mktemp("browser-record"), DEFAULT_DATA) as running:
        yield running


def test_marker_tooltip_says_who_states_the_status_and_since_when(new_page, shipped_app):
    page = new_page()
    view = MapPage(page, shipped_app.url, f"/?view={SHUSHA}&q=Yukhari%20Govhar").open(timeout=60)
    marker = view.frame().locator(".hm-site-icon").first
    wait_until(page, lambda: marker.count(), lambda n: n == 1, 20, "the Yukhari Govhar Agha marker")
    marker.hover()
    tip = view.frame().locator(".leaflet-tooltip .hm-tip-stated")
    expect(tip).to_have_text("stated 2025-07-17 by AzerNews (via MENAFN)", timeout=15_000 * PATIENCE)
    legend = view.frame().locator(".hm-legend")
    expect(legend).to_contain_text("status stated over 3 years ago")
    expect(legend).to_contain_text("changed since the date compared")
    assert_no_exception(page)


def test_a_stale_status_has_a_ring_and_a_change_has_a_badge(new_page, shipped_app):
    page = new_page()
    # Qarğabazar mosque: damaged, stated 2021-01-12, more than 3 years ago: the dotted ring.
    view = MapPage(page, shipped_app.url, "/?q=Qar%C4%9Fabazar&view=39.4929,47.1517,14").open(timeout=60)
    stale = view.frame().locator(".hm-site-icon.hm-is-stale")
    wait_until(page, lambda: stale.count(), lambda n: n >= 1, 20, "a marker with the stale ring")
    # Since 2024-01-01 the Ashaghi Govhar Agha mosque changed (unknown -> restored): the Δ badge, and the list;
    # the Yukhari one was restored already (since 2023-05-10): no badge.
    view = MapPage(page, shipped_app.url, f"/?since=2024-01-01&q=Govhar%20Agha&view={SHUSHA}").open(timeout=60)
    badges = view.frame().locator(".hm-site-icon.hm-is-changed .hm-changed")
    wait_until(page, lambda: badges.count(), lambda n: n == 1, 20, "one marker with the Δ badge")
    expect(page.get_by_text("1 site changed since 2024-01-01")).to_be_visible()
    expect(page.get_by_text("Ashaghi Govhar Agha Mosque: Unknown → Restored", exact=False)).to_be_visible()
    assert_no_exception(page)
    page.locator(".st-key-changes_list").scroll_into_view_if_needed()
    screenshot(page, "record-since-en", full_page=False)
    page = new_page()
    MapPage(page, shipped_app.url, f"/?since=2024-01-01&q=Govhar%20Agha&view={SHUSHA}&lang=az").open(timeout=60)
    expect(page.get_by_text("2024-01-01 tarixindən bəri dəyişib", exact=False).first).to_be_visible()
    page.locator(".st-key-changes_list").scroll_into_view_if_needed()
    screenshot(page, "record-since-az", full_page=False)


def test_the_record_on_a_past_day(new_page, shipped_app):
    page = new_page()
    view = MapPage(page, shipped_app.url, "/?date=2022-06-01&q=Yukhari%20Govhar&site=cs-yukhari-govhar-agha")
    view.open(timeout=60)
    details = view.details
    expect(details.get_by_text("Status: Under restoration").first).to_be_visible(timeout=30_000 * PATIENCE)
    expect(details.get_by_text("stated 2021-06-09 by Mia.az", exact=False)).to_be_visible()
    assert query_params(page)["date"] == ["2022-06-01"]
    assert_no_exception(page)


@pytest.mark.parametrize("language", ["en", "az"])
def test_claims_are_wrapped_lines_in_a_narrow_details_panel(new_page, shipped_app, language):
    """At 1280x720 each claim shows source, date, status and link, with no sideways scroll."""
    page = new_page(viewport=SMALL)
    view = MapPage(page, shipped_app.url, f"/?site=az-358&view=39.7583,46.7528,16&lang={language}")
    view.open(timeout=60)
    lines = page.locator(".st-key-claim_lines li")
    wait_until(page, lambda: lines.count(), lambda n: n >= 5, 30, "the Ghazanchetsots claims")
    turan = lines.filter(has_text="Turan Information Agency")
    expect(turan).to_contain_text("2024-10-06")
    box, panel = turan.bounding_box(), page.locator(".st-key-claim_lines").bounding_box()
    assert box["x"] + box["width"] <= panel["x"] + panel["width"] + 1  # wrapped inside the panel
    assert_no_exception(page)
    turan.scroll_into_view_if_needed()
    screenshot(page, f"record-details-1280-{language}", full_page=False)


@pytest.mark.parametrize("language", ["en", "az"])
def test_presenter_steps_a_year_back(new_page, shipped_app, language):
    page = new_page(viewport=SMALL)
    MapPage(page, shipped_app.url, f"/?present=1&lang={language}").open(timeout=60)
    back = page.get_by_role("button", name="◀ " + ("1 il" if language == "az" else "1 year"))
    expect(back).to_be_visible(timeout=30_000 * PATIENCE)
    back.click()
    today = dt.date.today()
    expected = today.replace(year=today.year - 1, day=28 if (today.month, today.day) == (2, 29) else today.day)
    wait_until(page, lambda: query_params(page).get("date"), lambda v: v == [expected.isoformat()], 30, "date=")
    assert_no_exception(page)
    screenshot(page, f"record-presenter-{language}", full_page=False)


@pytest.mark.parametrize("language", ["en", "az"])
def test_about_page_coverage(new_page, shipped_app, language):
    page = new_page()
    page.goto(f"{shipped_app.url}/about?lang={language}")
    coverage = page.locator(".st-key-coverage")
    expect(coverage).to_contain_text("6.308" if language == "az" else "6,308", timeout=60_000 * PATIENCE)
    expect(coverage).to_contain_text("851")
    coverage.scroll_into_view_if_needed()
    assert_no_exception(page)
    screenshot(page, f"record-about-{language}", full_page=False)


@pytest.mark.parametrize("language", ["en", "az"])
def test_sites_table_and_site_page_say_since_when(new_page, shipped_app, language):
    """The table's columns are checked in tests/app (the grid is a canvas); here: what a person sees."""
    page = new_page()
    page.goto(f"{shipped_app.url}/table?q=Yukhari%20Govhar&lang={language}")
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=60_000 * PATIENCE)
    assert_no_exception(page)
    screenshot(page, f"record-table-{language}", full_page=False)
    page.goto(f"{shipped_app.url}/site?site=cs-yukhari-govhar-agha&lang={language}")
    since = "2023-05-10 tarixindən bəri" if language == "az" else "since 2023-05-10"
    expect(page.get_by_text(since, exact=False).first).to_be_visible(timeout=60_000 * PATIENCE)
    screenshot(page, f"record-site-{language}", full_page=False)


def test_presenter_plays_the_years(new_page, shipped_app):
    """Play: 2020-11-10, then a year every few seconds (the page waits on the address bar, no fixed pause)."""
    page = new_page(viewport=SMALL)
    MapPage(page, shipped_app.url, "/?present=1").open(timeout=60)
    page.get_by_role("button", name="Play the years").click()
    wait_until(page, lambda: query_params(page).get("date"), lambda v: v == ["2020-11-10"], 30, "date=2020-11-10")
    wait_until(page, lambda: query_params(page).get("date"), lambda v: v == ["2021-11-10"], 60, "date=2021-11-10")
    page.get_by_role("button", name="Pause").click()
    assert_no_exception(page)
