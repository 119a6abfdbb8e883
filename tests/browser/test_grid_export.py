"""The data grid's own "Download as CSV" is off: it wrote `=HYPERLINK(...)` cells undefused.

The table page offers its own CSV, GeoJSON and Excel downloads, which defuse formulas
(heritage/spreadsheet.py); `client.disableDataExport` in .streamlit/config.toml turns the
grid's export (and its copy) off on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .mappage import open_page

pytestmark = pytest.mark.browser


def test_the_sites_grid_offers_no_download_of_its_own(new_page, app):
    page = new_page()
    open_page(page, f"{app.url}/table", '[data-testid="stDataFrame"]')
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button", name="Search")).to_be_attached()  # the toolbar is there
    expect(toolbar.get_by_role("button", name="Download as CSV")).to_have_count(0)
    expect(page.get_by_role("button", name="CSV", exact=True)).to_be_visible()  # the app's own, defused
