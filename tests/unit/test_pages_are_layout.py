"""Pages are layout: each file in pages/ reads the view, calls heritage/ui and lays out, in at most 80 lines.

A page's flow (what it asks, decides and writes) lives in heritage/ui/<page>_page.py, in small
functions a newcomer can read and change; the page file only says where they go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[2] / "pages"
MAX_LINES = 80


def test_the_pages_folder_holds_the_pages():
    """Guards the test itself: an empty glob would pass every page."""
    assert {"map.py", "table.py", "site.py", "edit.py", "import.py"} <= {path.name for path in PAGES.glob("*.py")}


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.py")), ids=lambda path: path.name)
def test_every_page_is_at_most_80_lines(page: Path):
    lines = page.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"{page.name} has {len(lines)} lines: move its flow into heritage/ui"
