"""Open data for people outside the dashboard: a GIS client reads /api, a briefing prints as a map report.

The API through the served app (`streamlit run app.py`, shipped data): OWSLib's OGC API -
Features client, written by others, reads the routes as QGIS would. Counts
are the shipped data's (data/SOURCES.md: 900 sites, `restored` 9). The briefing of
`region=Şəki` (54 sites) is printed by Chromium (`page.pdf`) and its pages read back by pypdf.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from owslib.ogcapi.features import Features
from playwright.sync_api import expect
from pypdf import PdfReader

from heritage import links
from heritage.briefing import Briefing, briefing_html
from heritage.dataset import Dataset
from heritage.sources import DEFAULT_DATA

from .conftest import App, serve

pytestmark = pytest.mark.browser

SHIPPED_SITES = 900
RESTORED = 9  # status=restored in the shipped data (data/observations.csv, second reading)
BAKU = [49.7, 40.3, 50.0, 40.5]  # west, south, east, north: 189 shipped sites
BAKU_SITES = 189


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory) -> Iterator[App]:
    """The app as `make run` starts it, on the shipped data, with a private store."""
    with serve(tmp_path_factory.mktemp("opendata-app"), DEFAULT_DATA) as running:
        yield running


def test_owslib_reads_the_sites(shipped_app):
    api = Features(f"{shipped_app.url}/api")
    assert api.feature_collections() == ["sites"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    assert "/collections/{collectionId}/items" in api.api()["paths"]  # the OpenAPI definition it finds
    everything = api.collection_items("sites", limit=1)
    assert everything["numberMatched"] == SHIPPED_SITES
    restored = api.collection_items("sites", status="restored")
    assert restored["numberMatched"] == restored["numberReturned"] == RESTORED
    assert {f["properties"]["status"] for f in restored["features"]} == {"restored"}
    baku = api.collection_items("sites", bbox=BAKU, limit=50)
    assert baku["numberMatched"] == BAKU_SITES and baku["numberReturned"] == 50
    following = next(link["href"] for link in baku["links"] if link["rel"] == "next")
    assert "offset=50" in following and "bbox=" in following
    assert api.collection_item("sites", "az-2")["properties"]["name_local"] == "İçərişəhər"
    with pytest.raises(RuntimeError, match="not a known status"):
        api.collection_items("sites", status="ruined")


# --- the briefing printed as a map report ---------------------------------------------------------

SHEKI_SITES = 54  # region=Şəki in the shipped data
A4_LANDSCAPE_PTS = (841.89, 595.28)  # 297 x 210 mm in points
A3_LANDSCAPE_PTS = (1190.55, 841.89)  # 420 x 297 mm


@pytest.fixture(scope="module")
def sheki_briefing(tmp_path_factory) -> Callable[[str], Path]:
    """The briefing of `region=Şəki` in a language, as the Briefing button writes it, with a link back."""
    dataset = Dataset.load(DEFAULT_DATA)
    site_filter = links.parse({"region": ["Şəki"]}, regions=dataset.regions).state.site_filter
    folder = tmp_path_factory.mktemp("print")

    def write(language: str) -> Path:
        briefing = Briefing(
            site_filter,
            live_url="http://localhost:8501/?region=%C5%9E%C9%99ki",
            language=language,
            generated=dt.datetime(2026, 12, 5, 11, 0),
            shipped_sources=True,
        )
        path = folder / f"briefing-{language}.html"
        path.write_text(briefing_html(dataset, briefing), encoding="utf-8")
        return path

    return write


def _printed(new_page, briefing: Path, paper: str, tmp_path: Path) -> list[str]:
    """The briefing printed by Chromium on `paper`, landscape, as each page's text.

    The page is switched to print media first, as the browser's print dialog does, so the map
    is redrawn at its printed size before the PDF is made.
    """
    page = new_page()
    page.goto(briefing.as_uri())
    expect(page.locator(".hm-site-icon, .hm-cluster-icon").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".leaflet-control-zoom")).to_be_hidden()  # no controls on paper
    expect(page.locator(".leaflet-control-scale-line")).to_have_text(re.compile(r"^\d+ k?m$"))
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")  # no map still moving
    path = tmp_path / f"{briefing.stem}-{paper}.pdf"
    page.pdf(path=str(path), format=paper, landscape=True, print_background=True)
    reader = PdfReader(path)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    expected = {"A4": A4_LANDSCAPE_PTS, "A3": A3_LANDSCAPE_PTS}[paper]
    assert abs(width - expected[0]) < 2 and abs(height - expected[1]) < 2  # landscape, the paper asked for
    # NFKC: the PDF's text keeps the font's ligatures ("ﬁ" in "brifinq").
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in reader.pages]


def test_the_briefing_prints_as_a_map_report_on_a4_landscape(new_page, sheki_briefing, tmp_path):
    pages = _printed(new_page, sheki_briefing("en"), "A4", tmp_path)
    assert len(pages) == 5
    first = pages[0]
    assert first.startswith("Heritage sites: briefing 54 sites · in Shaki")  # the title, the filters in words
    assert "Snapshot made December 5, 2026 11:00" in first  # the date in words
    assert "Open the live view: http://localhost:8501/?region=%C5%9E%C9%99ki" in first  # the link back
    assert "Sites shown 54 of 900" in first and "Unknown 54" in first  # the indicator figures
    assert re.search(r"\b\d+ k?m", first) and " N " in f" {first} "  # scale bar, north arrow
    assert "Conservation status" in first  # the legend
    header = "Id Name Status Status stated Designations Inscribed Progress % Region Source"
    assert header in pages[1] and all(page.startswith(header) for page in pages[2:])  # the header repeats
    table = " ".join(pages[1:])
    assert table.count("National registry") == SHEKI_SITES  # every site of the view, none lost at a break
    assert "Sources and licences" in pages[-1] and "GeoNames (CC BY 4.0)" in pages[-1] and "(CC0)" in pages[-1]


def test_the_briefing_prints_on_a3_and_in_azerbaijani(new_page, sheki_briefing, tmp_path):
    pages = _printed(new_page, sheki_briefing("az"), "A3", tmp_path)
    assert len(pages) == 2
    assert pages[0].startswith("Tarix-mədəniyyət abidələri: brifinq 54 abidə · Şəki bölgəsində")
    assert " Ş " in f" {pages[0]} "  # the north arrow's letter (şimal)
    assert "Mənbələr və lisenziyalar" in pages[-1]


def test_nothing_is_cut_at_the_page_edges(new_page, sheki_briefing):
    """At the printed width of A4 landscape (277 mm in 10 mm margins), no element reaches past the page."""
    page = new_page(viewport={"width": 1047, "height": 718})
    page.goto(sheki_briefing("en").as_uri())
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => !e.closest('#map') && e.getBoundingClientRect().right > document.body.clientWidth + 0.5)
            .map(e => e.tagName + ' ' + e.textContent.slice(0, 40))"""
    )
    assert overflowing == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1047
