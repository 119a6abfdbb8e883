"""Editors: the pages viewers never get, sign-in, recording an observation, and two editors at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from heritage.schema import STATUSES
from heritage.store import Store

from .mappage import (
    EDITOR,
    PATIENCE,
    assert_no_exception,
    choose_option,
    nav_link,
    open_page,
    screenshot,
    sign_in,
    wait_for_paint,
    wait_for_script,
)

pytestmark = pytest.mark.browser

EDIT_HEADING = "Record an observation"
SITES_LABEL = "Sites (several for one bulk observation)"




READ_GRID = """table => {
    const heads = Object.fromEntries([...table.querySelectorAll('thead th')].map(
        cell => [cell.getAttribute('aria-colindex'), cell.textContent]));
    return [...table.querySelectorAll('tbody tr')].map(row => Object.fromEntries(
        [...row.querySelectorAll('td')].map(cell => [heads[cell.getAttribute('aria-colindex')], cell.textContent])));
}"""


def dataframe_rows(frame) -> list[dict]:
    """The rows of an st.dataframe, as the grid's accessible table (beside its canvas) holds them.

    The table holds the columns in view only: read, scroll the grid to its right end, read again.
    Not through the grid's own "Download as CSV": that is off (client.disableDataExport).
    """
    table = frame.locator('table[role="grid"]')
    expect(table.locator("tbody tr").first).to_be_attached()
    left = table.evaluate(READ_GRID)
    frame.locator(".dvn-scroller").evaluate("scroller => { scroller.scrollLeft = scroller.scrollWidth; }")
    last_column = frame.locator("thead th").last
    expect(last_column).not_to_have_text(list(left[0])[-1])  # the columns on the right are drawn
    right = table.evaluate(READ_GRID)
    return [{**a, **b} for a, b in zip(left, right, strict=True)]


def open_edit(page: Page, site: dict) -> None:
    """Through the sidebar (a new page load would be a new session, signed out), then pick the site."""
    nav_link(page, "Edit").click()
    expect(page.get_by_role("heading", name=EDIT_HEADING)).to_be_visible()
    sites = page.locator('[data-testid="stMultiSelect"]').filter(has_text=SITES_LABEL)
    sites.click()
    page.keyboard.type(f"({site['id']})")
    page.get_by_role("option", name=f"{site['name']} ({site['id']})", exact=True).click()
    page.keyboard.press("Escape")
    expect(page.get_by_label("Source (required)")).to_be_visible()
    wait_for_script(page)


def record_status(page: Page, status: str, source: str) -> None:
    choose_option(page, "New status", STATUSES[status])
    page.get_by_label("Source (required)").fill(source)
    page.get_by_role("button", name="Record for 1 site").click()


def test_viewers_cannot_reach_the_edit_page(new_page, editor_app):
    page = new_page()
    page.goto(f"{editor_app.url}/edit")
    # The sign-in page runs instead, saying why (an editor who reloaded lands here too).
    expect(page.get_by_label("Editor name")).to_be_visible(
        timeout=20_000 * PATIENCE
    )  # a fresh server's first run is slow
    expect(page.get_by_text("need a signed-in editor")).to_be_visible()
    wait_for_script(page)
    expect(page.get_by_role("heading", name=EDIT_HEADING)).to_have_count(0)
    expect(page.get_by_label("Source (required)")).to_have_count(0)
    expect(nav_link(page, "Edit")).to_have_count(0)
    expect(nav_link(page, "Import")).to_have_count(0)


def test_the_first_visitor_to_editors_gets_no_page_not_found(new_page, private_app):
    page = new_page()
    open_page(page, f"{private_app.url}/editors", page.get_by_label("Editor name"))
    wait_for_script(page)  # the dialog, when it comes, comes with the first run
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_label("Editor name").fill(EDITOR, timeout=2000)  # the form is usable (not inert)


def test_an_editor_records_a_status_and_the_site_page_shows_it(new_page, editor_app, site_data):
    site = site_data.by_id("syn-1")["properties"]
    assert site["status"] != "destroyed"
    source = "Inspection report 2026/14 (browser test)"
    page = new_page()
    sign_in(page, editor_app.url)
    expect(nav_link(page, "Import")).to_be_visible()
    open_edit(page, site)
    record_status(page, "destroyed", source)
    expect(page.get_by_text("Recorded for 1 site.")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "edit-page")

    viewer = new_page()
    open_page(viewer, f"{editor_app.url}/site?site={site['id']}", viewer.get_by_role("heading", name="History"))
    main = viewer.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=site["name"], exact=True)).to_be_visible()
    expect(main).to_contain_text("Status: Destroyed")
    # Each source's claim is a list line now; the one table is the history.
    expect(main.get_by_role("listitem").filter(has_text=source)).to_contain_text("Destroyed")
    tables = main.locator('[data-testid="stDataFrame"]')
    expect(tables).to_have_count(1)
    history = tables.last
    # The grid is drawn on a canvas: read it through its accessible table.
    rows = dataframe_rows(history)
    assert len(rows) == 1, rows
    assert (rows[0]["Field"], rows[0]["Value"], rows[0]["Source"], rows[0]["By"]) == (
        "Status",  # the field in words
        "Destroyed",
        source,
        EDITOR,
    )
    assert_no_exception(viewer)
    screenshot(viewer, "site-page-history")


def test_two_editors_on_one_site_the_second_gets_a_conflict(new_page, editor_app, site_data):
    site = site_data.by_id("syn-2")["properties"]
    first, second = new_page(), new_page()
    for page in (first, second):
        sign_in(page, editor_app.url)
        open_edit(page, site)

    record_status(first, "restored", "First editor's report")
    expect(first.get_by_text("Recorded for 1 site.")).to_be_visible()
    record_status(second, "under_restoration", "Second editor's report")
    expect(second.get_by_text("Changed by someone else")).to_be_visible()
    expect(second.get_by_text("Recorded for 1 site.")).to_have_count(0)
    assert_no_exception(second)

    history = Store(editor_app.database_url).observations(site["id"])
    assert history["source"].tolist() == ["First editor's report"]
    assert history["value"].tolist() == ["restored"] and history["author"].tolist() == [EDITOR]


def test_an_editor_imports_a_file_and_the_map_shows_the_new_site(new_page, editor_app, tmp_path):
    import json

    from tests.conftest import HOSTILE_NAME, feature

    upload = tmp_path / "survey.geojson"
    good = feature("imported-1", name="Imported caravanserai", lon=47.2, lat=40.9, source="Survey 2026")
    hostile = feature("imported-2", name=HOSTILE_NAME, lon=47.3, lat=40.9, source="Survey 2026")
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": [good, hostile]}), encoding="utf-8")
    page = new_page()
    sign_in(page, editor_app.url)
    nav_link(page, "Import").click()
    expect(page.get_by_text("at most 20 MB")).to_be_visible()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload)
    expect(page.get_by_text("2 records read:")).to_be_visible(timeout=20_000 * PATIENCE)
    expect(page.get_by_text("1 valid", exact=True)).to_be_visible()
    expect(page.get_by_text("Importing adds 1 sites")).to_be_visible()
    wait_for_script(page)
    expect(page.get_by_text("Import as")).to_be_visible()
    wait_for_paint(page)  # the report table draws on a canvas after its script has loaded
    screenshot(page, "import-report")
    page.get_by_role("button", name="Import 1 valid records").click()
    expect(page.get_by_text("Imported as version")).to_be_visible(timeout=20_000 * PATIENCE)
    versions = Store(editor_app.database_url).versions()
    assert list(versions["added"]) == [1] and list(versions["author"]) == [EDITOR]
    page.goto(f"{editor_app.url}/site?site=imported-1")  # a viewer's view now: a new session
    expect(page.get_by_role("heading", name="Imported caravanserai")).to_be_visible(timeout=20_000 * PATIENCE)
    assert_no_exception(page)
