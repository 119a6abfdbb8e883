"""Loading and validation: the shipped file, bad records, and files that cannot be read."""

from __future__ import annotations

import gc
import json

import pytest

from heritage.sources import DEFAULT_DATA, DataFileError, build_sites, load_sites
from heritage.synthetic import write_geojson
from tests.conftest import feature


def test_shipped_file_loads_without_problems():
    result = load_sites(DEFAULT_DATA)
    sites = result.sites
    assert result.problems == []
    assert len(sites) == result.records_read >= 893
    assert sites["id"].is_unique
    assert sites["lon"].between(44.7, 50.5).all() and sites["lat"].between(38.3, 42.0).all()
    assert sites["source"].notna().all()


def test_shipped_world_heritage_years_come_from_unesco():
    sites = load_sites(DEFAULT_DATA).sites
    heritage = sites[sites["designations"].map(lambda d: "unesco_world_heritage" in d)]
    assert set(heritage["inscription_year"].dropna().astype(int)) == {2000, 2007, 2019, 2023}
    assert heritage["source"].str.contains("UNESCO").all()
    # A year is only ever given with a UNESCO designation: nothing invented elsewhere.
    others = sites.drop(heritage.index)
    assert others["inscription_year"].isna().all()


def test_statuses_other_than_unknown_carry_a_source_url():
    sites = load_sites(DEFAULT_DATA).sites
    known = sites[sites["status"] != "unknown"]
    assert known["source_url"].notna().all()


BAD_RECORDS = [
    ({"restoration_progress": 140}, "restoration_progress", "140 is above 100"),
    ({"restoration_progress": -1}, "restoration_progress", "below 0"),
    ({"restoration_progress": "lots"}, "restoration_progress", "not a number"),
    ({"status": "fine"}, "status", "not one of"),
    ({"status": None}, "status", "required"),
    ({"name": ""}, "name", "required"),
    ({"source": None}, "source", "required"),
    ({"inscription_year": 2999}, "inscription_year", "in the future"),
    ({"inscription_year": 2001.5}, "inscription_year", "whole year"),
    (
        {"inscription_year": 1950, "designations": ["unesco_world_heritage"]},
        "inscription_year",
        "1950 is before the first World Heritage inscriptions (1978)",
    ),
    ({"inscription_year": 1799, "designations": ["national_registry"]}, "inscription_year", "1799 is before 1800"),
    ({"location_precision": "roughly"}, "location_precision", "not one of exact, approximate"),
    ({"designations": ["world_wonder"]}, "designations", "not one of"),
    ({"designations": 5}, "designations", "expected a list"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "not an http or https URL"),
    ({"image_url": "data:text/html,<b>x</b>"}, "image_url", "not an http or https URL"),
    ({"name": "x" * 1_000_000}, "name", "longer than"),
    ({"updated": "yesterday"}, "updated", "ISO date"),
    ({"category": "sacred"}, "category", "not one of"),
]


@pytest.mark.parametrize(("override", "field", "message"), BAD_RECORDS)
def test_bad_record_is_reported_and_the_rest_loads(tmp_path, override, field, message):
    path = write_geojson(tmp_path / "s.geojson", [feature("good-1"), feature("bad", **override), feature("good-2")])
    result = load_sites(path)
    assert list(result.sites["id"]) == ["good-1", "good-2"]
    [problem] = result.problems
    assert (problem.record, problem.field) == (2, field)
    assert message in problem.message
    assert str(problem).startswith(f"record 2 (id bad): {field}: ")


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (None, "missing or empty"),
        ({"type": "Point", "coordinates": []}, "missing or empty"),
        ({"type": "Point", "coordinates": [40.4, 95.0]}, "swapped"),
        ({"type": "Point", "coordinates": [200.0, 40.0]}, "longitude 200.0"),
        ({"type": "LineString", "coordinates": [[47, 40], [48, 41]]}, "not one of"),
        ({"type": "Point", "coordinates": ["a", "b"]}, "not two numbers"),
    ],
)
def test_bad_geometry_is_reported(tmp_path, geometry, message):
    bad = feature("bad")
    bad["geometry"] = geometry
    result = load_sites(write_geojson(tmp_path / "s.geojson", [bad, feature("ok")]))
    assert list(result.sites["id"]) == ["ok"]
    assert result.problems[0].field == "geometry" and message in result.problems[0].message


def test_duplicate_id_keeps_the_first(tmp_path):
    path = write_geojson(tmp_path / "s.geojson", [feature("a", name="First"), feature("a", name="Second")])
    result = load_sites(path)
    assert list(result.sites["name"]) == ["First"]
    assert str(result.problems[0]) == "record 2 (id a): id: duplicate of record 1"


def test_polygon_gets_a_marker_inside_it(tmp_path):
    polygon = feature("p")
    ring = [[47.0, 40.0], [47.2, 40.0], [47.2, 40.2], [47.0, 40.2], [47.0, 40.0]]
    polygon["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    sites = load_sites(write_geojson(tmp_path / "s.geojson", [polygon])).sites
    assert sites["shape"].iloc[0].geom_type == "Polygon"
    assert 47.0 < sites["lon"].iloc[0] < 47.2 and 40.0 < sites["lat"].iloc[0] < 40.2


def test_unknown_values_stay_unknown(tmp_path):
    sites = load_sites(write_geojson(tmp_path / "s.geojson", [feature("a")])).sites
    assert sites["inscription_year"].isna().all() and sites["restoration_progress"].isna().all()
    site = sites.iloc[0]
    assert site["description"] is None and site["name_local"] is None and site["source_url"] is None


CSV_HEADER = "id,name,status,designations,inscription_year,restoration_progress,source,latitude,longitude\n"


def test_csv_with_byte_order_mark_loads(tmp_path):
    path = tmp_path / "s.csv"
    rows = (
        "a,Maiden Tower,restored,unesco_world_heritage;national_registry,2000,100,Test,40.366,49.837\n"
        "b,B,unknown,,,,Test,40.1,47.1\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + (CSV_HEADER + rows).encode("utf-8"))
    result = load_sites(path)
    assert result.problems == []
    first = result.sites.iloc[0]
    assert first["designations"] == ("unesco_world_heritage", "national_registry")
    assert first["inscription_year"] == 2000 and first["restoration_progress"] == 100


def test_csv_bad_coordinates_name_the_record(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(CSV_HEADER + "a,A,unknown,,,,Test,north,47\n", encoding="utf-8")
    [problem] = load_sites(path).problems
    assert (problem.record, problem.site_id, problem.field) == (1, "a", "geometry")


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"{not json", ".geojson", "not valid JSON"),
        (b'{"type": "Feature"}', ".geojson", "not a GeoJSON FeatureCollection"),
        ("id,name\n1,Qız qalası\n".encode("cp1251", errors="replace") + b"\xe0\xe1", ".csv", "not UTF-8"),
        (b"id,name\n1,x\n", ".csv", "no latitude or longitude column"),
    ],
)
def test_unreadable_files_raise_a_clear_message(tmp_path, content, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=message):
        load_sites(path)


def test_missing_file_is_named_without_its_folders(tmp_path):
    with pytest.raises(DataFileError, match="^The data file nowhere.geojson does not exist.$"):
        load_sites(tmp_path / "nowhere.geojson")


def test_a_folder_is_named_without_its_parents(tmp_path):
    (tmp_path / "sites.geojson").mkdir()
    with pytest.raises(DataFileError, match="^sites.geojson is a folder, not a data file.$"):
        load_sites(tmp_path / "sites.geojson")


def test_empty_collection_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    result = load_sites(path)
    assert len(result.sites) == 0 and "no records" in str(result.problems[0])


@pytest.mark.parametrize(
    ("designations", "year"), [(["national_registry"], 1800), (["national_registry"], 1927), ([], 1850)]
)
def test_national_designations_may_be_older_than_the_world_heritage_list(tmp_path, designations, year):
    path = write_geojson(tmp_path / "s.geojson", [feature("old", designations=designations, inscription_year=year)])
    result = load_sites(path)
    assert result.problems == []
    assert int(result.sites["inscription_year"].iloc[0]) == year


def test_shipped_file_places_the_added_monuments_and_says_which_are_approximate():
    sites = load_sites(DEFAULT_DATA).sites.set_index("id")
    assert len(sites) == 900
    assert sites.loc["cs-yukhari-govhar-agha", "location_precision"] == "exact"
    assert sites.loc["az-5068", "location_precision"] == "exact"  # the Chukhur Mahalla mosque (second reading)
    assert sites.loc["az-202", "location_precision"] == "approximate"
    assert "Agdam Mosque" in sites.loc["az-202", "location_source"]
    assert (sites["location_precision"] == "approximate").sum() == 3


def test_the_cycle_collector_is_paused_only_while_validating(tmp_path):
    path = write_geojson(tmp_path / "s.geojson", [feature("a"), feature("b")])
    seen = []
    assert gc.isenabled()
    result = build_sites(iter([({"id": "x"}, None)]), progress=lambda count: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled() and result.problems  # on again after, even with problems
    gc.disable()
    try:
        load_sites(path)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
