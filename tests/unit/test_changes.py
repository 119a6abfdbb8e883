"""A change file: status and progress for known sites, no coordinates."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.changes import TEMPLATE, is_change_file, plan_changes
from heritage.dataset import Dataset
from heritage.synthetic import synthetic_features, write_geojson

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    return Dataset.load(write_geojson(tmp_path_factory.mktemp("changes") / "s.geojson", synthetic_features(20)))


CHANGES = (
    b"id,status,restoration_progress,source,updated\n"
    b"syn-2,Under restoration,40 %,Inspection 2026/3,2026-03-04\n"  # damaged, no progress -> 2 observations
    b"syn-3,,30,Inspection 2026/4,\n"  # progress 21 -> 30
    b"syn-0,intact,0,Inspection 2026/5,\n"  # nothing new: intact, 0
    b"nope,damaged,,Inspection,\n"
    b"syn-4,ruined,,Inspection,\n"
    b"syn-5,damaged,,,\n"
)


def test_a_change_file_is_a_csv_without_coordinates():
    assert is_change_file(CHANGES, "changes.csv")
    assert is_change_file(TEMPLATE.encode(), "template.csv")
    assert not is_change_file(b"id,name,latitude,longitude\n", "sites.csv")
    assert not is_change_file(CHANGES, "changes.geojson")


def test_rows_become_observations_and_problems_name_row_and_field(dataset):
    plan = plan_changes(CHANGES, "changes.csv", dataset, "aysel", TODAY)
    assert [(o.site_id, o.field, o.value, o.observed) for o in plan.observations] == [
        ("syn-2", "status", "under_restoration", dt.date(2026, 3, 4)),
        ("syn-2", "restoration_progress", 40.0, dt.date(2026, 3, 4)),
        ("syn-3", "restoration_progress", 30.0, TODAY),
    ]
    assert {o.source for o in plan.observations} == {"Inspection 2026/3", "Inspection 2026/4"}
    assert [(p.record, p.site_id, p.field) for p in plan.problems] == [
        (4, "nope", "id"),
        (5, "syn-4", "status"),
        (6, "syn-5", "source"),
    ]
    assert plan.summary() == "changes 2 of 20 sites; the other 18 stay as they are"
