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


HOSTILE_CHANGES = (
    "id,status,restoration_progress,source,source_url,updated\n"
    "syn-2,under_restoration,,Inspection 2026/3,javascript:alert(1),\n"  # 1: not an http(s) URL
    "syn-3,,30,Inspection 2026/4,https://a.example/ x,\n"  # 2: a space in the URL
    f"syn-4,,30,{'S' * 1001},,\n"  # 3: a source over the store's 1,000 characters
    "syn-5,,30,Inspection\x00 2026/5,,\n"  # 4: NUL, refused by PostgreSQL
    "syn-6,,30,<a href=https://evil.example>Report</a>,,\n"  # 5: markup
    "syn-7,,30,Report \x1b]0;owned\x07,,\n"  # 6: ESC: a terminal title
    "syn-8,,30,Inspection 2026/8,https://a.example/r.pdf,\n"  # 7: fine
)


def test_the_report_applies_every_rule_the_store_applies(dataset):
    plan = plan_changes(HOSTILE_CHANGES.encode(), "changes.csv", dataset, "aysel", TODAY)
    assert [(p.record, p.site_id, p.field) for p in plan.problems] == [
        (1, "syn-2", "source_url"),
        (2, "syn-3", "source_url"),
        (3, "syn-4", "source"),
        (4, "syn-5", "source"),
        (5, "syn-6", "source"),
        (6, "syn-7", "source"),
    ]
    assert plan.problems[2].message == "1,001 characters is longer than 1,000"
    assert plan.problems[3].message == "contains control characters (such as NUL or ESC); plain text only"
    assert [(o.site_id, o.source_url) for o in plan.observations] == [("syn-8", "https://a.example/r.pdf")]


def test_a_row_longer_than_its_header_is_a_problem_row(dataset):
    text = b"id,restoration_progress,source\nsyn-2,30,Inspection,extra,cells\nsyn-3,30,Inspection\n"
    plan = plan_changes(text, "changes.csv", dataset, "aysel", TODAY)
    assert [(p.record, p.site_id, p.field, p.message) for p in plan.problems] == [
        (1, "syn-2", "row", "5 cells, but the first line names 3 columns")
    ]
    assert [o.site_id for o in plan.observations] == ["syn-3"]
    assert plan.rows_read == 2


def test_a_cell_over_the_csv_limit_is_a_problem_row(dataset):
    text = f"id,restoration_progress,source\nsyn-2,30,{'a' * 131_073}\nsyn-3,30,Inspection\n".encode()
    plan = plan_changes(text, "changes.csv", dataset, "aysel", TODAY)
    assert [(p.record, p.field, p.message) for p in plan.problems] == [
        (1, "row", "cannot be read: field larger than field limit (131072)")
    ]
    assert [o.site_id for o in plan.observations] == ["syn-3"]
