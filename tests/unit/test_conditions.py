"""The condition record: reproducible build, cited rows, undated notes, the mapping table, and
the rule for "sources disagree"."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from heritage.conditions import SHIPPED, contested_sites, read_rows, shipped_frame
from heritage.dataset import Dataset
from heritage.history import apply_observations, timeline
from heritage.schema import STATUSES
from heritage.sources import DEFAULT_DATA, load_sites
from heritage.synthetic import write_geojson
from tests.conftest import feature

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "data" / "source" / "condition-statements"


def _build_module():
    spec = importlib.util.spec_from_file_location("build_conditions", ROOT / "scripts" / "build_conditions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


STATEMENTS = {
    "statements.csv": _csv(SOURCE / "statements.csv"),  # the shared copy, unchanged
    "statements_added.csv": _csv(SOURCE / "statements_added.csv"),  # the ones we added
    "statements-2.csv": _csv(SOURCE / "statements-2.csv"),  # the shared second batch, unchanged
}
MAPPING = _csv(SOURCE / "status_mapping.csv")
PRESS_RELEASE_2003 = "http://portal.unesco.org/en/ev.php-URL_ID=13392&URL_DO=DO_PRINTPAGE&URL_SECTION=201.html"
REMOVAL_2009 = "https://webarchive.unesco.org/web/20220320044418/http://whc.unesco.org/en/news/521/"


def summary(statement: dict) -> str:
    return statement.get("status_stated") or statement["claim"]


def mapping_of(row: dict) -> dict:
    return next(m for m in MAPPING if (m["file"], m["row"]) == (row["statement_file"], row["statement_row"]))


def statement_of(row: dict) -> dict:
    """The statement a mapping or observation row cites: its file and 1-based row."""
    number = row["statement_row"] if "statement_row" in row else row["row"]
    file = row["statement_file"] if "statement_file" in row else row["file"]
    return STATEMENTS[file][int(number) - 1]


# --- the build ----------------------------------------------------------------------------
def test_build_is_reproducible_byte_for_byte():
    build = _build_module().build
    first, second = build(), build()
    assert first == second
    assert first[0] == SHIPPED.read_text(encoding="utf-8")
    assert first[1] == (ROOT / "data" / "SOURCES.md").read_text(encoding="utf-8")


def test_every_observation_cites_its_statement_file_and_row():
    rows = read_rows()
    assert len(rows) == 82
    assert [r["key"] for r in rows if r["statement_file"] == "statements_added.csv"] == [
        "statements_added.csv#1/az-2/status@2",
        "statements_added.csv#1/az-3/status@2",
        "statements_added.csv#1/az-2.2/status@2",
    ]
    assert len([r for r in rows if r["statement_file"] == "statements-2.csv"]) == 12
    for row in rows:
        statement = statement_of(row)
        assert row["key"].startswith(f"{row['statement_file']}#{row['statement_row']}/{row['site_id']}/")
        assert row["key"].endswith("@2") == (mapping_of(row)["reading"] == "2")
        publisher = "UNESCO World Heritage Centre" if statement["publisher"] == "UNESCO" else statement["publisher"]
        assert row["source"] == publisher and row["source_url"] == statement["url"]
        cited = f"row {row['statement_row']}"
        if row["statement_file"] != "statements.csv":
            cited += f" of {row['statement_file']}"
        assert row["note"].startswith(f"Statement {cited}: {summary(statement)}")


def test_the_shared_statements_stay_a_copy():
    """statements.csv is the shared folder's file unchanged: 62 rows; our additions live apart."""
    assert len(STATEMENTS["statements.csv"]) == 62
    assert list(STATEMENTS["statements_added.csv"][0]) == list(STATEMENTS["statements.csv"][0])
    assert [(s["date"], s["publisher"], s["status_stated"], s["url"]) for s in STATEMENTS["statements_added.csv"]] == [
        ("2003-07", "UNESCO", "inscribed on the List of World Heritage in Danger", PRESS_RELEASE_2003)
    ]
    # Facts, not the source's wording: no quote is copied into our own file.
    assert all(not s["quote_short"] for s in STATEMENTS["statements_added.csv"])
    # The second batch is the shared file unchanged: 18 rows.
    assert len(STATEMENTS["statements-2.csv"]) == 18
    assert STATEMENTS["statements-2.csv"][14]["monument"] == "Yukhari Govhar Agha mosque"


def test_undated_statements_are_undated_notes():
    for row in read_rows():
        undated = not statement_of(row)["date"] and not mapping_of(row)["dated"]
        assert (row["observed"] == "") == undated, row["key"]


def test_a_status_never_comes_from_an_undated_statement(tmp_path):
    sites = load_sites(write_geojson(tmp_path / "s.geojson", [feature("a"), feature("b")])).sites
    history = pd.DataFrame(
        [
            (1, "a", "status", "under_restoration", dt.date(2024, 1, 1), "Dated source"),
            (2, "a", "status", "restored", None, "Undated page"),
            (3, "b", "status", "destroyed", None, "Undated page"),
        ],
        columns=["id", "site_id", "field", "value", "observed", "source"],
    ).assign(source_url=None, withdrawn=False)
    current = apply_observations(sites, history).set_index("id")
    assert current.loc["a", "status"] == "under_restoration" and current.loc["a", "source"] == "Dated source"
    assert current.loc["b", "status"] == "unknown" and current.loc["b", "source"] == "Test fixture"


def test_shipped_saatli_mosque_is_decided_by_its_dated_statement():
    sites = Dataset.load(DEFAULT_DATA).sites.set_index("id")  # no store: the shipped record applies
    assert sites.loc["az-355", "status"] == "restored"
    assert sites.loc["az-355", "source"] == "Azernews" and sites.loc["az-355", "updated"] == "2023-05-10"


def test_walled_city_of_baku_history_comes_from_unesco():
    frame = shipped_frame()
    walled = frame[(frame["site_id"] == "az-2") & (frame["field"] == "status")].sort_values("observed")
    assert list(zip(walled["observed"].astype(str), walled["value"], walled["source"])) == [
        ("2003-07-01", "at_risk", "UNESCO World Heritage Centre"),  # one publisher, one name
        ("2009-06-25", "intact", "UNESCO World Heritage Centre"),
        ("2016-01-01", "intact", "UNESCO World Heritage Centre"),
    ]


@pytest.mark.parametrize("site_id", ["az-2", "az-3", "az-2.2"])
def test_walled_city_timeline_holds_the_danger_list_years(site_id):
    """On the Danger List in 2003 (at risk), off it in 2009 (intact), each step with its source."""
    dataset = Dataset.load(DEFAULT_DATA)  # no store: the shipped record applies
    steps = timeline(dataset.site_observations(site_id), "status")
    steps = steps[steps["observed"] < "2010-01-01"]
    observed = steps["observed"].dt.strftime("%Y-%m-%d")
    assert list(zip(observed, steps["value"], steps["source"], steps["source_url"])) == [
        ("2003-07-01", "At risk", "UNESCO World Heritage Centre", PRESS_RELEASE_2003),
        ("2009-06-25", "Intact", "UNESCO World Heritage Centre", REMOVAL_2009),
    ]
    # Same organisation, one listing after the other: not a disagreement.
    assert not dataset.sites.set_index("id").loc[site_id, "contested"]


# --- the mapping table, row by row --------------------------------------------------------
CHW_SCALE = {
    "unchanged": "intact",
    "minor damage": "damaged",
    "major damage": "damaged",
    "destroyed": "destroyed",
    "renovated": "restored",
    "restored": "restored",
    "indeterminate": "unknown",
}


def _span(text: str) -> tuple[str, str]:
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return text, text


def test_mapping_has_one_row_per_statement_in_order():
    assert [(m["file"], m["row"]) for m in MAPPING] == [
        *(("statements.csv", str(n)) for n in range(1, 63)),
        ("statements_added.csv", "1"),
        *(("statements-2.csv", str(n)) for n in range(1, 19)),
    ]


@pytest.mark.parametrize("mapping", MAPPING, ids=[f"{m['file']}-row{m['row']}" for m in MAPPING])
def test_mapping_row_holds(mapping):
    statement = statement_of(mapping)
    assert mapping["monument"] == statement["monument"]
    assert mapping["status"] in STATUSES
    assert mapping["reason"].strip()
    # Placed on existing sites, or a reason why not: never both.
    assert bool(mapping["sites"].split()) != bool(mapping["not_placed"])
    # Caucasus Heritage Watch's scale, as the issue gives it, dated to the period it describes.
    if statement["publisher"].startswith("Caucasus Heritage Watch") and mapping["file"] == "statements.csv":
        word = next((w for w in CHW_SCALE if statement["status_stated"].startswith(w)), None)
        if word:  # row 40 cites the report's text, not a rating on its scale
            assert mapping["status"] == CHW_SCALE[word]
        assert mapping["period_to"] <= "2021-01-31" < statement["date"]
    # Never more than the source says: a progress figure is 100 for a completed restoration,
    # or the percentage the source states.
    if mapping["progress"]:
        stated = re.search(r"(\d+)\s*%", statement.get("progress_stated", ""))
        assert (mapping["status"], mapping["progress"]) == ("restored", "100") or (
            stated and mapping["progress"] == stated.group(1)
        )
    if mapping["status"] == "under_restoration":  # a stated percentage of a part is no progress (row 58)
        assert not mapping["progress"]
    # Dated exactly when the statement is (or the mapping dates an undated page), and never after it.
    date = statement["date"] or mapping["dated"]
    if date:
        assert mapping["period_from"] <= mapping["period_to"] <= _span(date)[1]
    else:
        assert not mapping["period_from"] and not mapping["period_to"]


@pytest.mark.parametrize(
    ("file", "row", "status", "progress"),
    [
        ("statements.csv", "1", "restored", "100"),  # inaugurated after restoration
        ("statements.csv", "2", "under_restoration", ""),  # under restoration: no figure
        ("statements.csv", "22", "intact", ""),  # CHW unchanged
        ("statements.csv", "31", "damaged", ""),  # CHW minor damage
        ("statements.csv", "45", "at_risk", ""),  # brink of collapse
        ("statements.csv", "48", "unknown", ""),  # CHW indeterminate
        ("statements.csv", "50", "under_restoration", ""),  # most parts restored: not complete
        ("statements.csv", "58", "under_restoration", ""),  # 75 % of the facade: a note, not progress
        ("statements.csv", "60", "intact", ""),  # removed from the List of World Heritage in Danger
        ("statements_added.csv", "1", "at_risk", ""),  # inscribed on the List of World Heritage in Danger
    ],
)
def test_mapping_of_key_rows(file, row, status, progress):
    mapping = next(m for m in MAPPING if (m["file"], m["row"]) == (file, row))
    assert (mapping["status"], mapping["progress"]) == (status, progress)


# --- the rule for "sources disagree" ------------------------------------------------------
def claims(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["id", "site_id", "value", "source", "observed", "period_from", "period_to", "withdrawn"]
    )
    return frame.assign(field="status", source_url=None)


D = dt.date


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Different publishers, different statuses, overlapping periods: contested.
        (
            [
                (1, "a", "damaged", "Ministry", D(2022, 8, 19), D(1993, 1, 1), D(2022, 8, 19), False),
                (2, "a", "at_risk", "Agency", D(2020, 12, 8), None, None, False),
            ],
            {"a"},
        ),
        # A survey period containing the other's date: contested.
        (
            [
                (1, "a", "intact", "Survey", D(2020, 9, 26), D(1994, 1, 1), D(2020, 9, 26), False),
                (2, "a", "destroyed", "Paper", D(2010, 5, 1), None, None, False),
            ],
            {"a"},
        ),
        # One after the other (restoration going on, then done): not contested.
        (
            [
                (1, "a", "under_restoration", "News", D(2022, 9, 27), None, None, False),
                (2, "a", "restored", "Agency", D(2023, 5, 10), None, None, False),
            ],
            set(),
        ),
        # Same publisher changing its word: not contested.
        (
            [
                (1, "a", "damaged", "Trend", D(2020, 11, 10), D(1993, 1, 1), D(2020, 11, 10), False),
                (2, "a", "under_restoration", "Trend", D(2020, 1, 1), None, None, False),
            ],
            set(),
        ),
        # Same status from two publishers: not contested.
        (
            [
                (1, "a", "damaged", "A", D(2021, 6, 13), None, None, False),
                (2, "a", "damaged", "B", D(2021, 6, 13), None, None, False),
            ],
            set(),
        ),
        # An undated note or an "unknown" takes no part; a withdrawn claim neither.
        (
            [
                (1, "a", "restored", "A", None, None, None, False),
                (2, "a", "damaged", "B", D(2024, 10, 1), None, None, False),
                (3, "a", "unknown", "C", D(2024, 10, 1), None, None, False),
                (4, "a", "intact", "D", D(2024, 10, 1), None, None, True),
            ],
            set(),
        ),
    ],
)
def test_contested_rule(rows, expected):
    assert contested_sites(claims(*rows)) == expected


def test_shipped_contested_sites():
    assert contested_sites(shipped_frame()) == {"az-12", "az-263", "az-358", "az-4028"}
    sites = Dataset.load(DEFAULT_DATA).sites.set_index("id")
    assert sites.loc["az-263", "contested"] and not sites.loc["az-355", "contested"]
    # The current state is still the latest dated observation.
    assert sites.loc["az-263", "status"] == "under_restoration"


def test_exports_and_briefing_carry_the_flag():
    from heritage import export
    from heritage.briefing import Briefing, briefing_html
    from heritage.filters import SiteFilter

    dataset = Dataset.load(DEFAULT_DATA)
    shown = dataset.sites[dataset.mask(SiteFilter(contested=True))]
    csv_text = export.to_csv(shown).decode("utf-8-sig")
    assert csv_text.splitlines()[0].endswith(",sources_disagree,latitude,longitude")
    assert csv_text.count(",True,") == 4
    page = briefing_html(dataset, Briefing(SiteFilter(contested=True)))
    assert "4 sites · where sources disagree" in page
    assert page.count("· sources disagree</td>") == 4


# --- the second reading (the shared README, December 2026): one case per rule -------------
@pytest.mark.parametrize(
    ("rule", "file", "row", "sites", "status", "progress", "period"),
    [
        (
            "ruins are damaged, not destroyed",
            "statements.csv",
            "42",
            "az-4212",
            "damaged",
            "",
            ("2021-01-12", "2021-01-12"),
        ),
        ("ruins are damaged (unplaced)", "statements.csv", "41", "", "damaged", "", ("2021-01-12", "2021-01-12")),
        ("one bridge, not two", "statements.csv", "45", "az-12", "at_risk", "", ("2020-12-08", "2020-12-08")),
        (
            "row 43's plural stays on both",
            "statements.csv",
            "43",
            "az-12 az-13",
            "damaged",
            "",
            ("1993-01-01", "2022-08-19"),
        ),
        (
            "the period described, not the day published",
            "statements.csv",
            "56",
            "az-246",
            "under_restoration",
            "",
            ("2019-09-01", "2023-09-19"),
        ),
        ("a framing claim is a note", "statements.csv", "57", "az-10", "unknown", "", ("2023-10-04", "2023-10-04")),
        (
            "a framing claim is a note (Khudavang)",
            "statements-2.csv",
            "12",
            "",
            "unknown",
            "",
            ("2024-09-18", "2024-09-18"),
        ),
        ("undated, but datable", "statements.csv", "28", "az-358", "restored", "", ("2024-10-06", "2024-10-07")),
        (
            "a part is not the whole",
            "statements.csv",
            "58",
            "az-2.2",
            "under_restoration",
            "",
            ("2013-01-01", "2013-12-31"),
        ),
        (
            "the counter-claim: row 35 stands",
            "statements.csv",
            "35",
            "az-4028",
            "intact",
            "",
            ("2004-11-01", "2021-01-31"),
        ),
        ("the counter-claim", "statements-2.csv", "1", "az-4028", "destroyed", "", ("1993-07-01", "2020-11-20")),
        (
            "placeable: Chukhur Mahalla mosque",
            "statements.csv",
            "23",
            "az-5068",
            "damaged",
            "",
            ("1994-01-01", "2020-09-26"),
        ),
        ("placeable: Mamayi mosque", "statements.csv", "8", "az-5166", "restored", "100", ("2024-05-01", "2024-05-31")),
        (
            "placeable: Mamayi mosque",
            "statements.csv",
            "9",
            "az-5166",
            "under_restoration",
            "",
            ("2023-11-24", "2023-11-24"),
        ),
        ("region-level context", "statements-2.csv", "8", "", "unknown", "", ("2025-07-21", "2025-07-21")),
        ("registry-level context", "statements-2.csv", "17", "", "unknown", "", ("2025-11-26", "2025-11-26")),
        ("registry-level context", "statements-2.csv", "18", "", "unknown", "", ("2024-02-15", "2024-02-15")),
    ],
)
def test_second_reading(rule, file, row, sites, status, progress, period):
    mapping = next(m for m in MAPPING if (m["file"], m["row"]) == (file, row))
    assert (mapping["sites"], mapping["status"], mapping["progress"]) == (sites, status, progress), rule
    assert (mapping["period_from"], mapping["period_to"]) == period, rule


def test_second_reading_details():
    by_row = {(m["file"], m["row"]): m for m in MAPPING}
    assert "by name and place only" in by_row[("statements.csv", "42")]["reason"]
    assert by_row[("statements.csv", "28")]["dated"] == "2024-10-07"
    assert "43 km" in by_row[("statements.csv", "12")]["not_placed"]
    assert [m["context"] for m in MAPPING if m["context"]] == ["region", "registry", "registry"]
    # "Ruins" never maps to destroyed.
    for mapping in MAPPING:
        if "ruins" in summary(STATEMENTS[mapping["file"]][int(mapping["row"]) - 1]):
            assert mapping["status"] == "damaged", mapping["row"]
    # One publisher, one name.
    sources = {r["source"] for r in read_rows()}
    assert "UNESCO" not in sources and "UNESCO World Heritage Centre" in sources


def test_the_two_placeable_mosques_are_placed_with_their_cited_coordinates():
    features = {
        f["id"]: f for f in json.loads((ROOT / "data" / "sites.geojson").read_text(encoding="utf-8"))["features"]
    }
    assert features["az-5068"]["geometry"]["coordinates"] == [46.7569, 39.7608]
    assert features["az-5166"]["geometry"]["coordinates"] == [46.75, 39.761944]
    assert features["az-5068"]["properties"]["source_url"] == "https://en.wikipedia.org/wiki/Chukhur_Mahalla_Mosque"
    assert features["az-5166"]["properties"]["registry_number"] == "5166"
    assert len(features) == 900


def test_sites_build_is_reproducible_byte_for_byte(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_sites", ROOT / "scripts" / "build_sites.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "sites.geojson")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    module.main()
    assert (tmp_path / "sites.geojson").read_bytes() == (ROOT / "data" / "sites.geojson").read_bytes()


# --- the record over time (issue 17), literal values from the shipped files -----------------
def test_yukhari_govhar_agha_not_restored_on_2022_06_01_and_restored_today():
    dataset = Dataset.load(DEFAULT_DATA)
    then = dataset.as_of(D(2022, 6, 1)).sites.set_index("id").loc["cs-yukhari-govhar-agha"]
    assert then["status"] == "under_restoration"
    now = dataset.sites.set_index("id").loc["cs-yukhari-govhar-agha"]
    assert (now["status"], now["status_since"], now["status_stated"], now["status_source"]) == (
        "restored", "2023-05-10", "2025-07-17", "AzerNews (via MENAFN)",
    )  # fmt: skip


def test_since_2024_lists_the_ashaghi_govhar_agha_mosque():
    dated = Dataset.load(DEFAULT_DATA).as_of(None, D(2024, 1, 1))
    changes = dated.changes().set_index("id")
    row = changes.loc["cs-ashaghi-govhar-agha"]
    assert (row["before_status"], row["after_status"], row["after_restoration_progress"]) == (
        "unknown",
        "restored",
        100.0,
    )
    assert (row["after_status_source"], row["after_status_stated"]) == ("Trend (via MENAFN)", "2024-07-05")
    assert "cs-yukhari-govhar-agha" not in changes.index  # restored on both days


def test_qargabazar_mosque_is_not_destroyed():
    site = Dataset.load(DEFAULT_DATA).sites.set_index("id").loc["az-4212"]
    assert site["status"] == "damaged"


@pytest.mark.parametrize("site_id", ["az-358", "az-4028"])  # Ghazanchetsots, Ibrahim Khalil Khan mausoleum
def test_sources_disagree_today(site_id):
    assert Dataset.load(DEFAULT_DATA).sites.set_index("id").loc[site_id, "contested"]


def test_sources_disagree_as_of_a_day():
    """Before the Turan page (October 2024) Ghazanchetsots' claims did not yet disagree."""
    dataset = Dataset.load(DEFAULT_DATA)
    assert not dataset.as_of(D(2024, 6, 1)).sites.set_index("id").loc["az-358", "contested"]


def test_a_status_stated_more_than_three_years_ago_is_stale():
    dataset = Dataset.load(DEFAULT_DATA)
    on_2022 = dataset.as_of(D(2022, 6, 1))
    stale_then = set(on_2022.sites["id"][on_2022.stale])
    assert "az-355" not in stale_then  # Saatli: no dated claim yet in 2022, so unknown
    assert "az-4212" not in stale_then  # stated 2021-01-12: not yet 3 years old on 2022-06-01
    on_2026 = dataset.as_of(D(2026, 6, 1))
    assert "az-4212" in set(on_2026.sites["id"][on_2026.stale])


def test_briefing_says_since_when_and_what_changed_since_our_last_meeting():
    from heritage.briefing import Briefing, briefing_html
    from heritage.filters import SiteFilter

    dataset = Dataset.load(DEFAULT_DATA)
    page = briefing_html(dataset, Briefing(SiteFilter(since="2024-01-01", query="Govhar Agha")))
    assert "<h2>Since our last meeting (2024-01-01): what changed</h2>" in page
    assert (
        "<li>Ashaghi Govhar Agha Mosque: Unknown → Restored, 100 % (stated 2024-07-05 by Trend (via MENAFN))</li>"
    ) in page
    assert "<td>Restored</td><td>stated 2025-07-17 by AzerNews (via MENAFN); since 2023-05-10</td>" in page
    # As of 2022-06-01 (the brief command's date=), the Yukhari mosque was under restoration.
    then = briefing_html(dataset, Briefing(SiteFilter(date="2022-06-01", query="Yukhari Govhar")))
    assert "<td>Under restoration</td><td>stated 2021-06-09 by Mia.az (citing the Heydar Aliyev Foundation)" in then


def test_exports_say_who_states_each_status_and_since_when():
    from heritage import export
    from heritage.filters import SiteFilter

    dataset = Dataset.load(DEFAULT_DATA)
    shown = dataset.sites[dataset.mask(SiteFilter(query="Yukhari Govhar"))]
    feature = json.loads(export.to_geojson(shown))["features"][0]["properties"]
    assert (feature["status"], feature["status_stated"], feature["status_source"], feature["status_since"]) == (
        "restored", "2025-07-17", "AzerNews (via MENAFN)", "2023-05-10",
    )  # fmt: skip
    header = export.to_csv(shown).decode("utf-8-sig").splitlines()[0]
    assert ",status_stated,status_source,status_since," in header


def test_presenter_steps_by_whole_years_and_stops_at_today():
    from heritage.ui.timeline import PLAY_FROM, _shift

    assert PLAY_FROM == D(2020, 11, 10)
    assert _shift(D(2020, 11, 10), 1) == D(2021, 11, 10)
    assert _shift(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert _shift(D.today().replace(month=1, day=1), 1) is None  # a year on is after today: today's record
