"""Files the pages give away: table exports, chart data, and the briefing that opens without a server."""

from __future__ import annotations

import csv
import datetime as dt
import json
import urllib.request

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .mappage import MapPage, assert_no_exception, download, open_page, screenshot

pytestmark = pytest.mark.browser

STATUS = "damaged"


# The browser data (conftest.py): syn-0..syn-59, status number i % 7, so "damaged" is i % 7 == 2.
DAMAGED_IDS = sorted(f"syn-{i}" for i in (2, 9, 16, 23, 30, 37, 44, 51, 58))


def _csv_rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_table_downloads_hold_exactly_the_filtered_sites(new_page, app, tmp_path):
    page = new_page()
    open_page(page, f"{app.url}/table?status={STATUS}", page.get_by_role("button", name="Excel"))
    expected = DAMAGED_IDS
    today = dt.date.today().isoformat()
    files = {}
    for label, extension in (("CSV", "csv"), ("GeoJSON", "geojson"), ("Excel", "xlsx")):
        path = download(page, page.get_by_role("button", name=label, exact=True), tmp_path)
        assert path.name == f"heritage-sites_status-{STATUS}_{today}.{extension}", path.name
        files[extension] = path

    assert sorted(row["id"] for row in _csv_rows(files["csv"])) == expected
    features = json.loads(files["geojson"].read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["id"] for f in features) == expected
    assert {f["properties"]["status"] for f in features} == {STATUS}
    sheet = load_workbook(files["xlsx"], read_only=True)["Sites"]
    rows = list(sheet.iter_rows(values_only=True))
    id_column = rows[0].index("id")
    assert sorted(row[id_column] for row in rows[1:]) == expected
    assert_no_exception(page)


def test_progress_chart_data_downloads(new_page, app, tmp_path):
    page = new_page()
    buttons = page.get_by_role("button", name="Chart data (CSV)")
    open_page(page, f"{app.url}/progress?status={STATUS}", buttons.first)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(3)
    expect(buttons).to_have_count(3)
    totals = {
        "sites-per-status-by-region.csv": 9,
        "restoration-progress.csv": 3,  # a progress when i % 3 == 0: syn-9, syn-30, syn-51
        "inscriptions-per-year.csv": 1,  # a year when i % 5 == 0: syn-30
    }
    for index in range(3):
        path = download(page, buttons.nth(index), tmp_path)
        assert path.name in totals, path.name
        assert sum(int(row["sites"]) for row in _csv_rows(path)) == totals[path.name], path.name
    rows = _csv_rows(tmp_path / "sites-per-status-by-region.csv")
    assert {row["status"] for row in rows} == {"Damaged"}
    assert_no_exception(page)


def test_briefing_opens_offline_without_the_server(new_page, private_app, browser_log, tmp_path):
    expected = DAMAGED_IDS
    map_page = MapPage(new_page(), private_app.url, f"/?status={STATUS}").open()
    map_page.wait_for_sites_shown(len(expected))
    briefing = download(map_page.page, map_page.page.get_by_role("button", name="Briefing"), tmp_path)
    assert briefing.name == f"heritage-briefing_status-{STATUS}_{dt.date.today().isoformat()}.html"
    map_page.page.context.close()

    private_app.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{private_app.url}/_stcore/health", timeout=2)

    first_request = len(browser_log.requests)
    page = new_page()
    page.goto(briefing.as_uri())
    markers = page.locator(".hm-site-icon, .hm-cluster-icon")
    expect(markers.first).to_be_visible()
    counts = page.evaluate(
        """() => ({
            singles: document.querySelectorAll('.hm-site-icon').length,
            clusters: Array.from(document.querySelectorAll('.hm-cluster-icon .hm-cluster'),
                                 e => parseInt(e.textContent, 10)),
        })"""
    )
    assert counts["singles"] + sum(counts["clusters"]) == len(expected), counts
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(len(expected))
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == expected
    expect(page.locator(".hm-legend")).to_contain_text("Conservation status")
    expect(page.locator(".tile").first).to_contain_text("9 of 61")  # 60 generated sites and the hostile one
    assert page.evaluate("typeof L.markerClusterGroup") == "function"
    expect(page.locator(".leaflet-basemap-pane path").first).to_be_attached()  # the outlines are drawn
    expect(page.locator(".hm-place", has_text="Baku")).to_be_attached()  # place names, inlined like the outlines
    under_legend = page.evaluate(
        """() => {
            const l = document.querySelector('.hm-legend').getBoundingClientRect();
            const icons = document.querySelectorAll('.hm-site-icon, .hm-cluster-icon');
            return Array.from(icons, e => e.getBoundingClientRect())
                .filter(r => r.right > l.left && r.left < l.right && r.bottom > l.top && r.top < l.bottom).length;
        }"""
    )
    assert under_legend == 0  # the map is fitted with the legend's width kept free on its side
    screenshot(page, "briefing-offline")
    requests = browser_log.requests[first_request:]
    assert requests and all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
    assert browser_log.dialogs == []
