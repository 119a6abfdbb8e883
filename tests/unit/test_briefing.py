"""The briefing: self-contained, escaped, and saying what the view is."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from heritage.briefing import STATIC, Briefing, briefing_html
from heritage.cli import main
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.synthetic import write_geojson
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
    for inlined in ("vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js"):
        code = (STATIC / inlined).read_text(encoding="utf-8")
        assert code.replace("</script", "<\\/script") in page  # the whole library, byte for byte
    assert "HeritageMap.drawAll(" in page
    assert '"name":"Bakı","name_en":"Baku"' in page  # place names inlined like the outlines (basemap/places.geojson)
    assert HOSTILE_NAME not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;${alert(2)}`" in page  # in the table, as text
    assert '<a href="http://localhost:8501/?q=x">Open the live view</a>' in page
    assert "21 sites" in page and "Snapshot made November 28, 2026 09:00" in page


def test_briefing_follows_the_filter(synthetic_file):
    dataset = Dataset.load(synthetic_file)
    page = briefing_html(dataset, Briefing(SiteFilter(statuses=("restored",))))
    # syn-i has status number i % 7; "restored" is the sixth: syn-5, syn-12, ... syn-299
    assert "43 sites · status restored" in page
    assert page.count("<tr>") == 43 + 1  # header + one row per site
    assert "<td>syn-299</td><td>Synthetic site 299 (Sintetik abidə 299)</td><td>Restored</td>" in page
    assert "<td>syn-6</td>" not in page


def test_briefing_in_azerbaijani(synthetic_file):
    """Texts, numbers, dates and the order of names follow the reader's language."""
    dataset = Dataset.load(synthetic_file)
    briefing = Briefing(
        SiteFilter(statuses=("restored",)), generated=dt.datetime(2024, 3, 5, 9, 30), language="az", title="Sınaq"
    )
    page = briefing_html(dataset, briefing)
    assert '<html lang="az">' in page
    assert "<h1>Sınaq: brifinq</h1>" in page
    assert "43 abidə · vəziyyəti: bərpa olunub" in page
    assert "Görüntü 5 mart 2024 09:30 tarixində hazırlanıb" in page
    assert "<td>syn-299</td><td>Sintetik abidə 299 (Synthetic site 299)</td><td>Bərpa olunub</td>" in page
    assert "<th>Ad</th>" in page and "<h2>Mənbələr və lisenziyalar</h2>" in page
    assert '"legendTitle":"Mühafizə vəziyyəti"' in page  # the map's legend, inside the file
    # Another data file than the shipped one is not credited to the Azerbaijani registry.
    assert "reyestr" not in page


def test_briefing_escapes_the_live_link_and_refuses_other_schemes(synthetic_file):
    dataset = Dataset.load(synthetic_file)
    page = briefing_html(dataset, Briefing(SiteFilter(), live_url='https://x.example/?q="><script>alert(1)</script>'))
    assert '<a href="https://x.example/?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page
    page = briefing_html(dataset, Briefing(SiteFilter(), live_url="javascript:alert(1)"))
    assert "Open the live view" not in page and "javascript:" not in page


def _without_timestamp(page: str) -> str:
    return re.sub(r"Snapshot made [^;]+;", "Snapshot made …;", page)


def test_brief_command_writes_the_same_file(tmp_path, synthetic_file, capsys):
    """The command and the dashboard's Briefing button write the same bytes, but for the time."""
    out = tmp_path / "brief.html"
    code = main(["brief", "status=damaged&year=abc", "--out", str(out), "--data", str(synthetic_file)])
    assert code == 0
    assert "Ignored year=abc" in capsys.readouterr().err
    written = out.read_bytes().decode("utf-8")
    # What heritage/ui/briefing.py builds for the same view (no live link given to either).
    from_the_page = briefing_html(
        Dataset.load(synthetic_file), Briefing(SiteFilter(statuses=("damaged",)), generated=dt.datetime(2026, 1, 1))
    )
    assert _without_timestamp(written) == _without_timestamp(from_the_page)
    assert "43 sites · status damaged" in written
    assert written.count("<tr>") == 43 + 1


@pytest.mark.parametrize("scene", ["²", "①"])
def test_brief_command_notes_a_malformed_scene(tmp_path, synthetic_file, capsys, scene):
    out = tmp_path / "brief.html"
    assert main(["brief", f"scene={scene}", "--out", str(out), "--data", str(synthetic_file)]) == 0
    assert f"Ignored scene={scene}: expected a scene number from 1." in capsys.readouterr().err
    assert "300 sites" in out.read_text(encoding="utf-8")


def test_brief_command_reads_a_region_with_a_comma(tmp_path, capsys):
    from tests.conftest import feature

    data = write_geojson(
        tmp_path / "comma.geojson",
        [feature("a", region="Bakı, Səbail"), feature("b", region="Şəki"), feature("c", region="Bakı")],
    )
    out = tmp_path / "brief.html"
    query = "region=Bak%C4%B1%2C+S%C9%99bail&region=%C5%9E%C9%99ki"
    assert main(["brief", query, "--out", str(out), "--data", str(data)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "2 sites · in Bakı, Səbail or Shaki" in page  # Şəki in its English form (data/place_names.csv)
    assert "<td>a</td>" in page and "<td>b</td>" in page and "<td>c</td>" not in page
    assert "<td>Shaki</td>" in page and "<td>Şəki</td>" not in page  # the region column in English too
    assert "Ignored" not in capsys.readouterr().err


def test_brief_command_shows_recorded_observations(tmp_path, synthetic_file):
    import datetime as dt

    from heritage.store import NewObservation, Store

    Store().record([NewObservation("syn-6", "status", "destroyed", dt.date(2025, 1, 1), "Report 9", "aysel")], {})
    out = tmp_path / "brief.html"
    assert main(["brief", "q=Synthetic site 6", "--out", str(out), "--data", str(synthetic_file)]) == 0
    row = "<td>syn-6</td><td>Synthetic site 6 (Sintetik abidə 6)</td><td>Destroyed</td>"
    assert row in out.read_text(encoding="utf-8")
