"""The shipped condition record in the dashboard: contested filter, claims side by side, timeline, About."""

from __future__ import annotations

import pytest

from heritage.sources import DEFAULT_DATA
from tests.app.pages import open_page


@pytest.fixture
def shipped(monkeypatch):
    monkeypatch.setenv("HERITAGE_DATA", str(DEFAULT_DATA))
    monkeypatch.setenv("HERITAGE_TILES", "none")


def test_only_sites_where_sources_disagree(shipped):
    app = open_page("pages/map.py")
    assert app.metric[0].value == "898"
    app.checkbox(key="f_contested").check().run()
    assert app.metric[0].value == "3"
    assert any(c.value.startswith("3 sites · where sources disagree") for c in app.caption)
    assert app.query_params["contested"] == "1"


def test_contested_site_shows_each_claim_beside_the_status(shipped):
    app = open_page("pages/site.py", {"site": "az-263"})
    assert any(m.value == "**Status:** Under restoration · ⚠ sources disagree" for m in app.markdown)
    claims = app.dataframe[0].value
    assert list(claims["Source"]) == ["Hushardzan (hushardzan.am)", "GoMap (kataloq.gomap.az)", "Al Jazeera (Arabic)"]
    assert list(claims["Date"]) == ["2017-03-31", "1992-01-01 to 2020-11-24", "2025-11-16"]
    assert list(claims["Status"]) == ["Under restoration", "Damaged", "Under restoration"]


def test_walled_city_timeline_shows_unesco(shipped):
    """At risk from 2003 (on the List of World Heritage in Danger), intact from 2009, each with its source."""
    app = open_page("pages/site.py", {"site": "az-2"})
    history = app.dataframe[-1].value  # newest first
    assert list(history["Source"]) == ["UNESCO World Heritage Centre", "UNESCO World Heritage Centre", "UNESCO"]
    assert list(history["Value"]) == ["Intact", "Intact", "At risk"]
    assert list(history["Observed"]) == ["2016-01-01 to 2016-12-31", "2009-06-25", "2003-07-01 to 2003-07-31"]
    assert list(history["Link"])[1:] == [
        "https://webarchive.unesco.org/web/20220320044418/http://whc.unesco.org/en/news/521/",
        "http://portal.unesco.org/en/ev.php-URL_ID=13392&URL_DO=DO_PRINTPAGE&URL_SECTION=201.html",
    ]
    assert history["Note"].iloc[1].startswith("Statement row 60: removed from the List of World Heritage in Danger")
    added = "Statement row 1 of statements_added.csv: inscribed on the List of World Heritage in Danger"
    assert history["Note"].iloc[2].startswith(added)
    # Both from UNESCO, one listing after the other: the site is not contested.
    assert not any("sources disagree" in m.value for m in app.markdown)


def test_undated_statements_are_on_the_timeline(shipped):
    app = open_page("pages/site.py", {"site": "az-355"})
    history = app.dataframe[-1].value
    assert list(history["Observed"]) == ["undated", "undated", "2023-05-10", "2023-05-10"]
    assert set(history["Source"]) == {"Azernews", "Shusha City State Reserve Administration (shusha.gov.az)"}


def test_about_page_gives_the_counts(shipped):
    app = open_page("pages/about.py")
    assert any("**26 sites** have a sourced status" in m.value and "**3** are marked" in m.value for m in app.markdown)
    by_status = app.dataframe[0].value
    assert dict(zip(by_status["Status"], by_status["Sites"])) == {
        "Intact": 3, "Damaged": 10, "Destroyed": 1, "Under restoration": 5, "Restored": 7,
    }  # fmt: skip
    assert len(app.dataframe[2].value) == 12  # statements not placed
