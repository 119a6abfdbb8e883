"""Import checks: hostile and broken files get a clear message and import nothing bad."""

from __future__ import annotations

import json

import pytest

from heritage.dataset import Dataset
from heritage.importing import MAX_IMPORT_BYTES, plan_import
from heritage.sources import DataFileError
from heritage.synthetic import write_geojson
from tests.conftest import HOSTILE_NAME, feature


@pytest.fixture
def current(tmp_path):
    return Dataset.load(
        write_geojson(tmp_path / "now.geojson", [feature("a", name="Alpha"), feature("b", name="Beta")])
    )


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode("utf-8")


def test_counts_added_changed_unchanged(current):
    raw = collection(feature("a", name="Alpha"), feature("b", name="Beta, renamed"), feature("c", name="Gamma"))
    plan = plan_import(raw, "update.geojson", current)
    assert plan.problems == []
    assert plan.counts == {"added": 1, "changed": 1, "unchanged": 1}
    assert [f["properties"]["id"] for f in plan.features] == ["a", "b", "c"]


def test_a_moved_site_counts_as_changed(current):
    plan = plan_import(collection(feature("a", name="Alpha", lon=48.5)), "moved.geojson", current)
    assert plan.counts == {"added": 0, "changed": 1, "unchanged": 0}


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b'{"type": "FeatureCollection", "features": [', "broken.geojson", "not valid JSON"),
        (
            "id,name,latitude,longitude\n1,Qız qalası,40.36,49.83\n".encode("cp1251", errors="replace") + b"\xc0\xe1",
            "win.csv",
            "not UTF-8",
        ),
        (b"x" * (MAX_IMPORT_BYTES + 1), "huge.geojson", "the limit for an import is 20 MB"),
        (b"[1, 2, 3]", "list.geojson", "not a GeoJSON FeatureCollection"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(current, raw, name, message):
    with pytest.raises(DataFileError, match=message):
        plan_import(raw, name, current)


def test_a_50_megabyte_file_is_refused(current):
    with pytest.raises(DataFileError, match="47.7 MB; the limit for an import is 20 MB"):
        plan_import(b" " * 50_000_000, "fifty.geojson", current)


def broken(**override):
    return feature("bad", **override)


def with_geometry(geometry):
    item = feature("bad")
    item["geometry"] = geometry
    return item


HOSTILE = [
    (broken(restoration_progress="forty"), "restoration_progress"),
    (broken(inscription_year="MMXX"), "inscription_year"),
    (broken(designations="unesco"), "designations"),
    (broken(restoration_progress=140), "restoration_progress"),
    (broken(restoration_progress=-5), "restoration_progress"),
    (broken(inscription_year=2999), "inscription_year"),
    (broken(name="x" * 1_000_000), "name"),
    (broken(source_url="javascript:alert(1)"), "source_url"),
    (broken(image_url="JavaScript:alert(1)"), "image_url"),
    (with_geometry({"type": "Point", "coordinates": [40.37, 49.84]}), "geometry"),  # swapped
    (with_geometry({"type": "Point", "coordinates": [49.84, 140.37]}), "geometry"),
    (with_geometry(None), "geometry"),
    (with_geometry({"type": "Point", "coordinates": []}), "geometry"),
] + [(broken(**{field: HOSTILE_NAME}), field) for field in ("name", "name_local", "region", "description", "source")]


@pytest.mark.parametrize(("record", "field"), HOSTILE)
def test_hostile_records_are_reported_by_field_and_not_imported(current, record, field):
    plan = plan_import(collection(feature("ok"), record), "hostile.geojson", current)
    assert [f["properties"]["id"] for f in plan.features] == ["ok"]
    [problem] = plan.problems
    assert (problem.record, problem.field) == (2, field)


def test_duplicate_ids_import_the_first_only(current):
    plan = plan_import(collection(feature("x", name="First"), feature("x", name="Second")), "dup.geojson", current)
    assert [f["properties"]["name"] for f in plan.features] == ["First"]
    assert "duplicate of record 1" in plan.problems[0].message


def test_empty_collection_imports_nothing(current):
    plan = plan_import(collection(), "empty.geojson", current)
    assert plan.features == [] and "no records" in plan.problems[0].message


def test_csv_with_byte_order_mark_imports(current):
    raw = "\ufeffid,name,status,source,latitude,longitude\nq,Qız qalası,restored,Report 3,40.366,49.837\n".encode()
    plan = plan_import(raw, "bom.csv", current)
    assert plan.problems == [] and plan.features[0]["properties"]["name"] == "Qız qalası"


def test_import_as_observations_takes_each_records_source_and_date(current):
    import datetime as dt

    from heritage.importing import as_observations

    raw = collection(
        feature(
            "a",
            name="Alpha",
            status="under_restoration",
            restoration_progress=40,
            source="Survey 12",
            updated="2025-04-02",
        ),
        feature("b", name="Beta", status="unknown", source="Survey 12"),  # unknown states nothing new
        feature("new", name="New site", status="damaged", source="Survey 12"),  # needs a base version
    )
    plan = plan_import(raw, "survey.geojson", current)
    observations = as_observations(plan, current, "aysel", today=dt.date(2026, 1, 1))
    assert [(o.site_id, o.field, o.value) for o in observations] == [
        ("a", "status", "under_restoration"),
        ("a", "restoration_progress", 40.0),
    ]
    assert {(o.source, o.observed, o.author) for o in observations} == {("Survey 12", dt.date(2025, 4, 2), "aysel")}


def test_a_duplicated_id_whose_first_record_is_invalid_imports_the_valid_one(current):
    raw = collection(feature("d", name="Delta", restoration_progress=140), feature("d", name="Delta"))
    plan = plan_import(raw, "dupes.geojson", current)
    assert [f["properties"]["name"] for f in plan.features] == ["Delta"]
    assert [str(p) for p in plan.problems] == ["record 1 (id d): restoration_progress: 140 is above 100"]
    assert plan.counts == {"added": 1, "changed": 0, "unchanged": 0}


@pytest.mark.parametrize(("raw_id", "cleaned"), [(5, "5"), (" padded ", "padded"), ("  a ", "a")])
def test_ids_are_compared_cleaned_so_no_record_is_dropped_silently(current, raw_id, cleaned):
    plan = plan_import(collection(feature(raw_id, name="Alpha")), "ids.geojson", current)
    assert plan.records_read == 1 and plan.problems == []
    assert [f["properties"]["id"] for f in plan.features] == [cleaned]
    assert sum(plan.counts.values()) == 1


@pytest.mark.parametrize(
    "geometry",
    [{"type": "Point", "coordinates": {"a": 1}}, {"type": "Point", "coordinates": "4740"},
     {"type": "Point", "coordinates": [True, False]}],
)  # fmt: skip
def test_coordinates_must_be_two_numbers(current, geometry):
    plan = plan_import(collection(feature("ok"), with_geometry(geometry)), "coords.geojson", current)
    assert [f["properties"]["id"] for f in plan.features] == ["ok"]
    assert [str(p) for p in plan.problems] == ["record 2 (id bad): geometry: point coordinates are not two numbers"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 100_000, "deep.geojson cannot be read: it is nested too deeply"),
        (b'{"type": "FeatureCollection", "features": [' + b"[" * 100_000, "cannot be read: it is nested too deeply"),
    ],
)
def test_deeply_nested_files_cannot_be_read(current, raw, message):
    with pytest.raises(DataFileError, match=message):
        plan_import(raw, "deep.geojson", current)


def test_a_5000_digit_number_is_a_problem_for_its_record(current):
    raw = collection(feature("ok"), feature("big")).replace(
        b'"id": "big"', b'"id": "big", "restoration_progress": ' + b"7" * 5000
    )
    plan = plan_import(raw, "big.geojson", current)
    assert [f["properties"]["id"] for f in plan.features] == ["ok"]
    assert [str(p) for p in plan.problems] == ["record 2 (id big): restoration_progress: inf is not a finite number"]
