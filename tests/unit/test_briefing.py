"""The briefing: self-contained, escaped, and saying what the view is."""

from __future__ import annotations

import datetime as dt
import re

from heritage.briefing import Briefing, briefing_html
from heritage.cli import main
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from tests.conftest import HOSTILE_NAME


def test_briefing_is_self_contained_and_escaped(hostile_file):
    dataset = Dataset.load(hostile_file)
    page = briefing_html(
        dataset,
        Briefing(SiteFilter(), live_url="http://localhost:8501/?q=x", generated=dt.datetime(2026, 11, 28, 9, 0)),
    )
    # nothing is fetched: no src/href to another server except the link back and source links
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r'<link[^>]+href="http', page)
    assert "L.version" in page or "Leaflet" in page  # Leaflet itself is inlined
    assert "HeritageMap.drawAll(" in page
    assert HOSTILE_NAME not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;${alert(2)}`" in page  # in the table, as text
    assert '<a href="http://localhost:8501/?q=x">Open the live view</a>' in page
    assert "21 sites" in page and "Snapshot made 2026-11-28 09:00:00" in page


def test_briefing_follows_the_filter(synthetic_file):
    dataset = Dataset.load(synthetic_file)
    page = briefing_html(dataset, Briefing(SiteFilter(statuses=("restored",))))
    expected = int(dataset.mask(SiteFilter(statuses=("restored",))).sum())
    assert f"{expected} sites · status restored" in page
    assert page.count("<tr>") == expected + 1  # header + one row per site


def test_brief_command_writes_the_same_file(tmp_path, synthetic_file, capsys):
    out = tmp_path / "brief.html"
    code = main(["brief", "status=damaged&year=abc", "--out", str(out), "--data", str(synthetic_file)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    expected = int(Dataset.load(synthetic_file).mask(SiteFilter(statuses=("damaged",))).sum())
    assert f"{expected} sites · status damaged" in page
    assert "Ignored year=abc" in capsys.readouterr().err


def test_brief_command_shows_recorded_observations(tmp_path, synthetic_file):
    import datetime as dt

    from heritage.store import NewObservation, Store

    Store().record([NewObservation("syn-6", "status", "destroyed", dt.date(2025, 1, 1), "Report 9", "aysel")], {})
    out = tmp_path / "brief.html"
    assert main(["brief", "q=Synthetic site 6", "--out", str(out), "--data", str(synthetic_file)]) == 0
    assert "<td>syn-6</td><td>Synthetic site 6</td><td>Destroyed</td>" in out.read_text(encoding="utf-8")
