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
    assert app.metric[0].value == "900"
    app.checkbox(key="f_contested").check().run()
    assert app.metric[0].value == "4"
    assert any(c.value.startswith("4 sites · where sources disagree") for c in app.caption)
    assert app.query_params["contested"] == "1"


def test_contested_site_shows_each_claim_beside_the_status(shipped):
    app = open_page("pages/site.py", {"site": "az-263"})
    assert any(m.value == "**Status:** Under restoration · ⚠ sources disagree" for m in app.markdown)
    # Since when, and who says so.
    assert any(c.value == "stated 2025\\-11\\-16 by Al Jazeera \\(Arabic\\); since 2025\\-02\\-21" for c in app.caption)
    # Each claim a wrapped line: source, date, status, link (a narrow panel hides no column).
    claims = app.get("markdown")
    lines = next(m.value for m in app.markdown if m.value.startswith("- **Hushardzan")).split("\n")
    assert [line.split(" · ")[:3] for line in lines] == [
        ["- **Hushardzan \\(hushardzan\\.am\\)**", "2017\\-03\\-31", "Under restoration"],
        ["- **GoMap \\(kataloq\\.gomap\\.az\\)**", "1992\\-01\\-01 to 2020\\-11\\-24", "Damaged"],
        ["- **President of the Republic of Azerbaijan \\(president\\.az\\)**", "2025\\-02\\-18", "Unknown"],
        ["- **Trend**", "2025\\-02\\-21", "Under restoration"],
        ["- **Al Jazeera \\(Arabic\\)**", "2025\\-11\\-16", "Under restoration"],
    ]
    assert claims is not None


def test_walled_city_timeline_shows_unesco(shipped):
    """At risk from 2003 (on the List of World Heritage in Danger), intact from 2009, each with its source."""
    app = open_page("pages/site.py", {"site": "az-2"})
    history = app.dataframe[-1].value  # newest first
    assert list(history["Source"]) == ["UNESCO World Heritage Centre"] * 3  # one publisher, one name
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
    assert any("**27 sites** have a sourced status" in m.value and "**4** are marked" in m.value for m in app.markdown)
    by_status = app.dataframe[0].value
    assert dict(zip(by_status["Status"], by_status["Sites"])) == {
        "Intact": 3, "Damaged": 10, "Under restoration": 5, "Restored": 9,
    }  # fmt: skip
    assert len(app.dataframe[2].value) == 17  # statements not placed


def test_about_page_says_how_much_of_the_registry_the_map_holds(shipped):
    app = open_page("pages/about.py")
    text = "\n".join(m.value for m in app.markdown)
    assert (
        "holds **6,308** monuments ([APA \\(Ministry of Culture and Tourism press service\\)](https://apa.az/" in text
    )
    assert "The map holds **851** of them (13\\.5 %), counted by distinct registry number." in text
    assert "Of the **706** registered in the districts returned in 2020 ([Muz TV" in text
    assert "the map holds **138** (19\\.5 %)." in text
    assert "never counted as intact" in text
    # Region- and registry-level statements are context, with their publisher and link.
    assert "CHW Releases" not in text and "https://caucasusheritage.cornell.edu/?p=1948" in text
    assert "https://ru.trend.az/azerbaijan/society/4122309.html" in text


def test_map_page_as_of_a_day_and_since_a_day(shipped):
    app = open_page("pages/map.py", {"date": "2022-06-01", "q": "Yukhari Govhar Agha"})
    assert app.query_params["date"] == "2022-06-01"
    assert [(m.label, m.value) for m in app.metric][1] == ("Under restoration", "1")  # not restored yet
    app = open_page("pages/map.py", {"since": "2022-06-01", "q": "Govhar Agha"})
    assert app.query_params["since"] == "2022-06-01"
    changed = next(e for e in app.expander if "changed since" in e.label)
    assert changed.label == "2 sites changed since 2022-06-01"
    lines = changed.markdown[-1].value.split("\n")
    ashaghi = "- Ashaghi Govhar Agha Mosque\\: Unknown → Restored, 100 % "
    assert lines[0] == ashaghi + "\\(stated 2024\\-07\\-05 by Trend \\(via MENAFN\\)\\)"
    assert lines[1].startswith("- Yukhari Govhar Agha Mosque\\: Under restoration \\(stated 2021\\-06\\-09 by Mia")
    assert lines[1].endswith("→ Restored, 100 % \\(stated 2025\\-07\\-17 by AzerNews \\(via MENAFN\\)\\)")


def test_sites_table_says_who_states_each_status_and_since_when(shipped):
    app = open_page("pages/table.py", {"q": "Yukhari Govhar"})
    row = app.dataframe[0].value.iloc[0]
    assert (row["Status"], row["Status stated"], row["Stated by"], row["Status since"]) == (
        "Restored", "2025-07-17", "AzerNews (via MENAFN)", "2023-05-10",
    )  # fmt: skip
    app = open_page("pages/table.py", {"q": "Yukhari Govhar", "date": "2022-06-01"})
    row = app.dataframe[0].value.iloc[0]
    assert (row["Status"], row["Status stated"]) == ("Under restoration", "2021-06-09")


def test_status_last_stated_before_a_year(shipped):
    app = open_page("pages/map.py", {"stated_before": "2022"})
    assert app.metric[0].value == "9"
    assert any(c.value.startswith("9 sites · status last stated before 2022") for c in app.caption)
    app.number_input(key="f_stated_before").set_value(2021).run()
    assert app.query_params["stated_before"] == "2021"


def test_presenter_plays_the_years_from_2020_11_10(shipped):
    app = open_page("pages/map.py", {"present": "1"})
    app.button(key="date_play").click().run()
    assert not app.exception, app.exception
    assert app.query_params["date"] == "2020-11-10"
    assert any(m.value == "**Record as of 2020\\-11\\-10**" for m in app.markdown)
    assert app.button(key="date_pause")  # playing: the pause button replaces play
    app.button(key="date_forward").click().run()
    assert app.query_params["date"] == "2021-11-10"
