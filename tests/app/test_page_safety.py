"""Pages with hostile or awkward data: chart CSVs defused, links whole, a bad tiles setting."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from heritage import spreadsheet
from heritage.synthetic import write_geojson
from tests.app.hostile import assert_clean
from tests.app.pages import open_page
from tests.conftest import feature

FORMULA = '=HYPERLINK("https://evil.example/","x")'
WIKIPEDIA = "https://az.wikipedia.org/wiki/Qız_qalası_(Bakı)"
INJECTED_URL = "https://a.example/x\n\n<https://evil.example/login>\n\n![t][r]\n\n[r]:https://tracker.example/p.png"


@pytest.fixture
def awkward_data(monkeypatch, tmp_path):
    features = [
        feature("f-1", name="Formula region site", region=FORMULA, status="damaged"),
        feature("w-1", name="Maiden Tower", region="Bakı", wikipedia_az=WIKIPEDIA, source_url=WIKIPEDIA),
        feature("i-1", name="Injected", source_url=INJECTED_URL),
    ]
    path = write_geojson(tmp_path / "sites.geojson", features)
    monkeypatch.setenv("HERITAGE_DATA", str(path))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return path


def run(page: str, params: dict | None = None) -> AppTest:
    app = open_page(page, params)
    assert_clean(app)
    return app


def test_progress_chart_data_goes_through_the_formula_defusing(awkward_data, monkeypatch):
    written: list[bytes] = []
    original = spreadsheet.csv_bytes

    def recording(frame):
        written.append(original(frame))
        return written[-1]

    monkeypatch.setattr(spreadsheet, "csv_bytes", recording)  # the page imports it when it runs
    run("pages/progress.py")
    by_region = next(data.decode("utf-8-sig") for data in written if data.startswith(b"\xef\xbb\xbfregion"))
    assert '"\'=HYPERLINK(""https://evil.example/"",""x"")",Damaged,1' in by_region
    assert "\n=HYPERLINK" not in by_region and ",=HYPERLINK" not in by_region


def test_a_link_with_parentheses_keeps_its_whole_target(awkward_data):
    app = run("pages/site.py", {"site": "w-1"})
    target = "(https://az.wikipedia.org/wiki/Q%C4%B1z_qalas%C4%B1_%28Bak%C4%B1%29)"
    lines = [m.value for m in app.markdown if target in m.value]
    assert lines == [
        r"- Source: [Qız qalası \(Bakı\)]" + target,  # the page's title, not its address
        r"- Wikipedia (az): [Qız qalası \(Bakı\)]" + target,
    ]


def test_a_url_carrying_markdown_is_refused_with_a_problem_line(awkward_data):
    app = run("pages/map.py")
    assert "1 of 3 records" in app.warning[0].value
    problem = app.dataframe[0].value.iloc[0]
    assert (problem["id"], problem["field"]) == ("i-1", "source_url")
    assert "contains spaces or control characters" in problem["problem"]
    app = run("pages/site.py", {"site": "i-1"})
    assert "There is no site with the id" in app.warning[0].value


def test_a_tiles_setting_without_z_gives_the_outlines_and_a_sentence(awkward_data, monkeypatch):
    monkeypatch.setenv("HERITAGE_TILES", "tiles-server")
    app = run("pages/map.py")
    assert "The online map layer is off (its address is not set up correctly); the outlines are shown." in [
        c.value for c in app.caption
    ]
    assert app.metric[0].value == "2"
