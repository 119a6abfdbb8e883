"""What a change file's report accepts, the store records: on SQLite and on PostgreSQL (NUL bytes)."""

from __future__ import annotations

import datetime as dt

import pytest

from heritage.changes import plan_changes
from heritage.dataset import Dataset
from heritage.store import NewObservation, StoreError
from heritage.synthetic import synthetic_features, write_geojson
from tests.unit.test_changes import HOSTILE_CHANGES


@pytest.fixture
def dataset(tmp_path) -> Dataset:
    return Dataset.load(write_geojson(tmp_path / "s.geojson", synthetic_features(20)))


def test_what_the_report_accepts_is_recorded(store, dataset):
    plan = plan_changes(HOSTILE_CHANGES.encode(), "changes.csv", dataset, "aysel", dt.date(2026, 6, 1))
    assert len(plan.problems) == 6
    store.record(plan.observations, store.revisions({o.site_id for o in plan.observations}))
    assert list(store.observations("syn-8")["source_url"]) == ["https://a.example/r.pdf"]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Inspection\x00", "source: contains control characters (such as NUL or ESC); plain text only"),
        ("S" * 1001, "source: 1,001 characters is longer than 1,000"),
    ],
)
def test_a_refused_observation_says_why_not_that_the_store_is_down(store, source, reason):
    bad = NewObservation("syn-1", "restoration_progress", 30, dt.date(2026, 6, 1), source, "aysel")
    with pytest.raises(StoreError) as refused:
        store.record([bad], {"syn-1": 0})
    assert str(refused.value) == reason
