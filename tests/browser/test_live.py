"""Live meetings in the browser: edits appear without a reload; a follower follows the presenter."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from heritage.store import NewObservation, Store

from .mappage import (
    MAP_IFRAME,
    PATIENCE,
    MapPage,
    click_until,
    go_live,
    metric,
    nav_link,
    sign_in,
    wait_for_script,
    wait_until,
)
from .test_layer import Reruns

pytestmark = pytest.mark.browser

NOT_A_RELOAD = "window.heritageTestMark = 'still the same page'"


def destroyed(page: Page) -> int:
    return int(metric(page, "Destroyed").inner_text().replace(",", ""))


def test_a_viewers_map_and_figures_update_after_an_observation(private_app, new_page, site_data):
    map_page = MapPage(new_page(), private_app.url).open()
    page = map_page.page
    before = destroyed(page)
    view = map_page.view()
    page.evaluate(NOT_A_RELOAD)
    target = next(p for p in site_data.properties if p["status"] not in ("destroyed",) and p["id"] != "hostile-xss")
    store = Store(private_app.database_url)
    store.record(
        [NewObservation(target["id"], "status", "destroyed", dt.date(2026, 11, 1), "Inspection 2026/7", "aysel")],
        {},
    )
    store.engine.dispose()
    # The edit comes by push (/api/events: the store is looked at every 0.25 s); 10 s allows for a slow machine.
    wait_until(page, lambda: destroyed(page), lambda n: n == before + 1, 10, "the Destroyed tile to count the edit")
    assert page.evaluate("window.heritageTestMark") == "still the same page"
    # The viewer's map did not move: same zoom, centre within a screen pixel (Leaflet may settle a
    # fraction of a pixel when the page around the map redraws; no person sees that).
    zoom, lat, lng = map_page.view()
    one_pixel = 360 / (256 * 2**zoom)
    assert zoom == view[0]
    assert (lat, lng) == pytest.approx(view[1:], abs=one_pixel)


def test_an_edit_does_not_rerun_the_page_a_viewer_moved_to(private_app, new_page, site_data):
    """The map page's event stream stays open for the way back; an edit pushed meanwhile must not
    rerun the page the person is on (an editor's "Recorded for 1 site." vanished at once)."""
    page = new_page()
    reruns = Reruns(page)  # before the page opens its websocket
    MapPage(page, private_app.url).open()
    before = destroyed(page)
    nav_link(page, "Sites table").click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=20_000 * PATIENCE)
    wait_for_script(page)
    runs = reruns.count
    target = next(p for p in site_data.properties if p["status"] not in ("destroyed",) and p["id"] != "hostile-xss")
    store = Store(private_app.database_url)
    store.record(
        [NewObservation(target["id"], "status", "destroyed", dt.date(2026, 11, 1), "Inspection 2026/8", "aysel")],
        {},
    )
    store.engine.dispose()
    page.wait_for_timeout(3_000)  # the stream hears of the edit within 0.25 s
    assert reruns.count == runs, reruns.seen
    nav_link(page, "Map").click()  # back on the map: its run reads the edit
    wait_until(page, lambda: destroyed(page), lambda n: n == before + 1, 10, "the Destroyed tile to count the edit")


def test_a_follower_sees_the_presenters_view(editor_app, new_page):
    """A follower who stopped following is not moved: that pause is the behaviour under test
    (nothing on the page marks the moment a move would have arrived), fixed and scaled by the
    patience multiplier; every other step waits on a condition."""
    presenter = new_page()
    sign_in(presenter, editor_app.url)
    nav_link(presenter, "Map").click()
    expect(presenter.locator(MAP_IFRAME)).to_be_visible(timeout=30_000 * PATIENCE)  # slow on a busy machine
    live_line = go_live(presenter)
    follow_url = live_line.split("followers open ", 1)[1].strip()
    assert "?follow=" in follow_url

    follower = MapPage(new_page(), follow_url).open(timeout=60)
    expect(follower.page.get_by_role("button", name="Stop following")).to_be_visible(timeout=15_000 * PATIENCE)
    presenter_map = MapPage(presenter, editor_app.url)
    wait_for_script(presenter)
    presenter_map.frame().evaluate("map.setView([40.4, 49.85], 10, {animate: false})")
    wait_until(follower.page, lambda: follower.view()[0], lambda zoom: zoom == 10, 10, "the follower's map at zoom 10")
    _, lat, lon = follower.view()
    assert abs(lat - 40.4) < 0.01 and abs(lon - 49.85) < 0.01

    stop = follower.page.get_by_role("button", name="Stop following")
    rejoin = follower.page.get_by_role("button", name="Rejoin the presenter")
    click_until(follower.page, stop, rejoin)
    presenter_map.frame().evaluate("map.setView([40.6, 47.0], 9, {animate: false})")
    follower.page.wait_for_timeout(1_000 * PATIENCE)  # see the docstring
    assert follower.view()[0] == 10  # exploring alone: not moved
    click_until(follower.page, rejoin, stop)
    wait_until(follower.page, lambda: follower.view()[0], lambda zoom: zoom == 9, 10, "the follower back at zoom 9")

    ended = follower.page.get_by_text("The live session has ended")
    click_until(presenter, presenter.get_by_role("button", name="End live session"), ended)
    assert follower.view()[0] == 9  # the last view stays


def test_followers_are_told_the_presenter_is_away_when_the_presenters_page_is_gone(editor_app, new_page):
    """Issue 21 F15: the presenter's copy or page gone left followers frozen for 10 minutes, untold."""
    presenter = new_page()
    sign_in(presenter, editor_app.url)
    nav_link(presenter, "Map").click()
    expect(presenter.locator(MAP_IFRAME)).to_be_visible(timeout=30_000 * PATIENCE)
    live_line = go_live(presenter)
    follower = MapPage(new_page(), live_line.split("followers open ", 1)[1].strip()).open(timeout=60)
    expect(follower.page.get_by_role("button", name="Stop following")).to_be_visible(timeout=15_000 * PATIENCE)
    away = follower.page.get_by_text("The presenter is away; you keep the last view.")
    expect(away).to_have_count(0)
    follower.page.evaluate(NOT_A_RELOAD)
    presenter.context.close()  # the presenter's page is gone: no more signs of life
    expect(away).to_be_visible(timeout=10_000 * PATIENCE)  # 8 s without a sign, told at the next look
    assert follower.page.evaluate("window.heritageTestMark") == "still the same page"
    expect(follower.page.get_by_text("The live session has ended")).to_have_count(0)
