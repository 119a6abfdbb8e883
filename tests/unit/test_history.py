"""What counts in a site's history: the rules of the current state, without a database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from heritage.history import apply_observations, counted, timeline
from heritage.sources import load_sites
from heritage.synthetic import write_geojson
from tests.conftest import feature


def observations(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["id", "site_id", "field", "value", "observed", "source", "source_url", "author", "withdraws"]
    )
    frame["withdrawn"] = frame["id"].isin(set(frame["withdraws"].dropna().astype(int)))
    return frame


def test_latest_observed_wins_and_withdrawn_ones_do_not_count(tmp_path):
    sites = load_sites(write_geojson(tmp_path / "s.geojson", [feature("a", status="damaged"), feature("b")])).sites
    history = observations(
        (1, "a", "status", "under_restoration", dt.date(2024, 1, 1), "R1", None, "x", None),
        (2, "a", "status", "restored", dt.date(2025, 1, 1), "R2", "https://e.gov/2", "x", None),
        (3, "a", "withdrawal", None, dt.date(2025, 2, 1), "R2 was about site b", None, "y", 2),
        (4, "a", "restoration_progress", 60.0, dt.date(2024, 6, 1), "R3", None, "x", None),
        (5, "zz", "status", "destroyed", dt.date(2024, 6, 1), "R4", None, "x", None),  # not in the data
    )
    assert list(counted(history)["id"]) == [1, 4, 5]
    current = apply_observations(sites, history).set_index("id")
    assert current.loc["a", "status"] == "under_restoration"
    assert current.loc["a", "restoration_progress"] == 60.0
    assert current.loc["a", "source"] == "R3" and current.loc["a", "updated"] == "2024-06-01"
    assert current.loc["b", "status"] == "unknown" and current.loc["b", "source"] == "Test fixture"


def test_timeline_keeps_withdrawn_points_marked():
    history = observations(
        (1, "a", "restoration_progress", 20.0, dt.date(2024, 1, 1), "R1", None, "x", None),
        (2, "a", "restoration_progress", 90.0, dt.date(2024, 3, 1), "R2", None, "x", None),
        (3, "a", "withdrawal", None, dt.date(2024, 4, 1), "typo", None, "x", 2),
    )
    line = timeline(history, "restoration_progress")
    assert list(line["value"]) == [20.0, 90.0] and list(line["withdrawn"]) == [False, True]
