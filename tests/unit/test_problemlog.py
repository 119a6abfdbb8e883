"""An import's problems: every one counted and in the report, only the first few in memory."""

from __future__ import annotations

import csv
import io

import pytest

from heritage.dataset import Dataset
from heritage.importing import plan_import
from heritage.problemlog import KEEP, ProblemLog
from heritage.schema import Problem
from heritage.synthetic import synthetic_features, write_geojson


def report_rows(log: ProblemLog) -> list[list[str]]:
    return list(csv.reader(io.StringIO(log.report_csv().decode("utf-8-sig"))))


def test_the_count_is_all_the_list_is_capped_and_the_report_merges_the_runs_in_record_order():
    log = ProblemLog(keep=3)
    log.extend(Problem(number, None, "id", "is required") for number in (1, 4, 6))
    log.new_run()
    log.extend(Problem(number, f"s-{number}", "source", "=HYPERLINK(x)") for number in (2, 5))
    log.finish()
    assert len(log) == 5 and bool(log)
    assert [p.record for p in log] == [1, 2, 4]  # the first three in record order
    assert report_rows(log) == [
        ["record", "id", "field", "problem"],
        ["1", "", "id", "is required"],
        ["2", "s-2", "source", "'=HYPERLINK(x)"],  # defused, as every CSV the app writes
        ["4", "", "id", "is required"],
        ["5", "s-5", "source", "'=HYPERLINK(x)"],
        ["6", "", "id", "is required"],
    ]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    return Dataset.load(write_geojson(tmp_path_factory.mktemp("log") / "s.geojson", synthetic_features(20)))


def test_an_upload_of_tiny_invalid_features_keeps_a_hundred_and_reports_all(dataset):
    good = b'{"type":"Feature","properties":{"id":"x","name":"X","status":"intact","source":"<b>s</b>"},'
    good += b'"geometry":{"type":"Point","coordinates":[47,40]}}'
    raw = b'{"type":"FeatureCollection","features":[' + b",".join([b"0"] * 2500 + [good]) + b"]}"
    plan = plan_import(raw, "hostile.geojson", dataset)
    assert plan.records_read == 2501
    assert len(plan.problems) == 2501
    assert KEEP == 100 and len(plan.problems.first) == 100
    assert str(plan.problems[0]) == "record 1: id: is required"
    rows = report_rows(plan.problems)
    assert len(rows) == 2502
    assert rows[-1] == ["2501", "x", "source", "contains HTML markup or ${...} template syntax; plain text only"]
    assert plan.features == []
