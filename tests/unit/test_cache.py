"""The columnar cache of the validated base: used on a second start, rebuilt when stale or broken."""

from __future__ import annotations

import json
import logging
import os
import time

import pytest

from heritage import cache as cache_module
from heritage import sources
from heritage.cache import BaseCache
from heritage.dataset import Dataset
from heritage.export import to_geojson
from heritage.filters import SiteFilter
from heritage.sources import geometries
from heritage.synthetic import write_geojson
from tests.conftest import feature

SITES = [
    feature("a", lon=47.5, lat=40.5, name="Alpha", status="damaged", designations=["national_registry"]),
    feature("b", lon=49.8, lat=40.4, name="Beta", inscription_year=2000, restoration_progress=40.0),
    feature("c", lon=45.1, lat=39.2, name="Gamma", region="Nakhchivan"),
    feature("bad", restoration_progress=140),
]


@pytest.fixture
def data_file(tmp_path):
    return write_geojson(tmp_path / "sites.geojson", SITES)


@pytest.fixture
def validations(monkeypatch):
    """Counts the records that went through validation."""
    counted = []
    check = sources._check

    def counting_check(number, *args):
        counted.append(number)
        return check(number, *args)

    monkeypatch.setattr(sources, "_check", counting_check)
    return counted


def test_second_start_reads_the_cache_and_validates_nothing(tmp_path, data_file, validations):
    first = BaseCache(tmp_path / "cache").load(data_file)
    assert first.validated and validations == [1, 2, 3, 4]
    validations.clear()
    second = BaseCache(tmp_path / "cache").load(data_file)  # a new process would build a new BaseCache
    assert not second.validated and validations == []
    assert second.source_hash == first.source_hash
    sites = second.result.sites.set_index("id")
    assert list(sites.index) == ["a", "b", "c"]
    assert sites.loc["a", "designations"] == ("national_registry",) and sites.loc["b", "designations"] == ()
    assert sites.loc["b", "inscription_year"] == 2000 and sites.loc["b", "restoration_progress"] == 40.0
    assert sites.loc["a", "region"] is None  # unknown stays None, not NaN
    assert (sites.loc["c", "lon"], sites.loc["c", "lat"]) == (45.1, 39.2)
    assert sites.loc["c", "shape"] is None and geometries(sites)[2].wkt == "POINT (45.1 39.2)"
    [problem] = second.result.problems
    assert str(problem) == "record 4 (id bad): restoration_progress: 140 is above 100"
    assert second.result.records_read == 4 and second.result.record_numbers == [1, 2, 3]


def test_a_one_byte_change_is_validated_again(tmp_path, data_file, validations):
    cache = BaseCache(tmp_path / "cache")
    first = cache.load(data_file)
    text = data_file.read_text(encoding="utf-8")
    data_file.write_text(text.replace('"Alpha"', '"Alpho"'), encoding="utf-8")
    validations.clear()
    second = cache.load(data_file)
    assert second.validated and validations == [1, 2, 3, 4]
    assert second.source_hash != first.source_hash
    assert second.result.sites["name"].iloc[0] == "Alpho"
    assert len(list((tmp_path / "cache").glob("sites.geojson-*"))) == 1  # the stale entry is gone


def test_the_hash_of_an_unchanged_file_is_remembered(tmp_path, data_file, monkeypatch):
    hashed = []
    content_hash = cache_module.content_hash
    monkeypatch.setattr(cache_module, "content_hash", lambda path: hashed.append(path) or content_hash(path))
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(data_file, ns=(an_hour_ago, an_hour_ago))
    cache = BaseCache(tmp_path / "cache")
    first = cache.load(data_file)
    assert not BaseCache(tmp_path / "cache").load(data_file).validated
    assert len(hashed) == 1  # the second start trusted the remembered hash
    data_file.write_text(data_file.read_text(encoding="utf-8").replace('"Alpha"', '"Alpho"'), encoding="utf-8")
    os.utime(data_file, ns=(an_hour_ago + 10**9, an_hour_ago + 10**9))  # same size, another time
    second = cache.load(data_file)
    assert len(hashed) == 2 and second.validated and second.source_hash != first.source_hash


def test_a_file_modified_as_its_hash_was_taken_is_hashed_again(tmp_path, data_file, monkeypatch):
    hashed = []
    content_hash = cache_module.content_hash
    monkeypatch.setattr(cache_module, "content_hash", lambda path: hashed.append(path) or content_hash(path))
    cache = BaseCache(tmp_path / "cache")
    cache.load(data_file)  # the file was written a moment ago: an edit within the same tick could hide
    cache.load(data_file)
    assert len(hashed) == 2


@pytest.mark.parametrize("broken_file", ["sites.arrow", "about.json"])
def test_a_truncated_cache_is_discarded_rebuilt_and_logged(tmp_path, data_file, validations, caplog, broken_file):
    cache = BaseCache(tmp_path / "cache")
    cache.load(data_file)
    [entry] = (tmp_path / "cache").glob("sites.geojson-*")
    target = entry / broken_file
    target.write_bytes(target.read_bytes()[: len(target.read_bytes()) // 2])
    validations.clear()
    with caplog.at_level(logging.WARNING, logger="heritage.cache"):
        rebuilt = cache.load(data_file)
    assert rebuilt.validated and validations == [1, 2, 3, 4]
    assert list(rebuilt.result.sites["id"]) == ["a", "b", "c"]
    assert "cannot be read" in caplog.text and "rebuilding" in caplog.text
    validations.clear()
    assert not cache.load(data_file).validated and validations == []  # and the rebuilt entry is used


def test_an_unwritable_cache_folder_still_loads(tmp_path, data_file):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    loaded = BaseCache(blocked / "cache").load(data_file)
    assert list(loaded.result.sites["id"]) == ["a", "b", "c"]


def test_dataset_from_the_cache_filters_like_the_file(tmp_path, data_file):
    cache = BaseCache(tmp_path / "cache")
    Dataset.base(data_file, cache=cache)
    cached = Dataset.base(data_file, cache=cache)
    assert cached.version.base_hash and cached.regions == ["Nakhchivan"]
    assert cached.bounds == (39.2, 45.1, 40.5, 49.8)
    assert int(cached.mask(SiteFilter(statuses=("damaged",))).sum()) == 1
    assert int(cached.mask(SiteFilter(designations=("national_registry",))).sum()) == 1
    assert int(cached.mask(SiteFilter(query="gamma")).sum()) == 1


def test_sources_disagreeing_over_the_cached_base_mark_the_site_contested(tmp_path, data_file):
    import datetime as dt

    import pandas as pd

    base = Dataset.base(data_file, cache=BaseCache(tmp_path / "cache"))
    base = Dataset.base(data_file, cache=BaseCache(tmp_path / "cache"))  # the second start reads the cache
    observations = pd.DataFrame(
        {
            "id": [1, 2], "site_id": ["b", "b"], "field": ["status", "status"], "value": ["intact", "damaged"],
            "observed": [dt.date(2020, 5, 1), dt.date(2020, 5, 1)], "period_from": [None, None],
            "period_to": [None, None], "source": ["Ministry", "Survey"], "source_url": [None, None],
            "author": ["x", "x"], "withdraws": [None, None], "withdrawn": [False, False],
        }
    )  # fmt: skip
    current = base.with_observations(observations, 2)
    assert list(current.sites["contested"]) == [False, True, False]
    assert list(current.sites["id"][current.mask(SiteFilter(contested=True))]) == ["b"]
    assert list(current.marker_flags) == [0, 1 | 4, 0]  # contested, and stated over 3 years ago (stale)
    assert not base.sites["contested"].any() and not base.mask(SiteFilter(contested=True)).any()
    assert list(current.claims_of("b")["source"]) == ["Ministry", "Survey"]


def test_an_outline_survives_the_cache_and_points_get_a_shape_only_when_asked(tmp_path):
    polygon = feature("p", name="Walled")
    polygon["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[47, 40], [47.2, 40], [47.2, 40.2], [47, 40.2], [47, 40]]],
    }
    data_file = write_geojson(tmp_path / "shapes.geojson", [feature("a", lon=47.123456, lat=40.654321), polygon])
    BaseCache(tmp_path / "cache").load(data_file)
    cached = BaseCache(tmp_path / "cache").load(data_file)
    assert not cached.validated
    sites = cached.result.sites
    assert sites["shape"].iloc[0] is None  # a point is its marker: no shapely object kept
    assert sites["shape"].iloc[1].wkt == "POLYGON ((47 40, 47.2 40, 47.2 40.2, 47 40.2, 47 40))"
    point, outline = geometries(sites)
    assert point.wkt == "POINT (47.123456 40.654321)" and outline.geom_type == "Polygon"
    exported = json.loads(to_geojson(sites.assign(contested=False)))
    assert [f["geometry"]["type"] for f in exported["features"]] == ["Point", "Polygon"]
    assert exported["features"][0]["geometry"]["coordinates"] == [47.123456, 40.654321]


def _entry(tmp_path):
    [entry] = (tmp_path / "cache").glob("sites.geojson-*")
    return entry


def test_one_flipped_byte_is_caught_by_the_checksum_and_the_entry_rebuilt(tmp_path, data_file, validations, caplog):
    cache = BaseCache(tmp_path / "cache")
    cache.load(data_file)
    target = _entry(tmp_path) / "sites.arrow"
    data = bytearray(target.read_bytes())
    at = data.index(b"Gamma")  # a byte of a text value: the Arrow structure stays valid
    data[at] ^= 0x01
    target.write_bytes(bytes(data))
    validations.clear()
    with caplog.at_level(logging.WARNING, logger="heritage.cache"):
        rebuilt = cache.load(data_file)
    assert rebuilt.validated and validations == [1, 2, 3, 4]
    assert list(rebuilt.result.sites["name"]) == ["Alpha", "Beta", "Gamma"]
    assert "sites.arrow does not match its checksum" in caplog.text and "rebuilding" in caplog.text
    validations.clear()
    assert not cache.load(data_file).validated and validations == []


def _craft(entry, change) -> None:
    """Rewrite the entry's sites with `change` applied, with checksums that match: a hand-made entry."""
    import hashlib

    import pyarrow as pa

    table = change(pa.ipc.open_file(pa.BufferReader((entry / "sites.arrow").read_bytes())).read_all())
    with pa.OSFile(str(entry / "sites.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    sums = {name: hashlib.sha256((entry / name).read_bytes()).hexdigest() for name in ("sites.arrow", "about.json")}
    (entry / "checksum.json").write_text(json.dumps(sums), encoding="utf-8")


def _replace(name: str, values: list):
    import pyarrow as pa

    def change(table):
        return table.set_column(table.column_names.index(name), name, pa.array(values))

    return change


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_replace("lat", [1000.0, 40.4, 39.2]), "lat: not a finite number from -90 to 90"),
        (_replace("lon", [float("nan"), 49.8, 45.1]), "lon: not a finite number from -180 to 180"),
        (_replace("status", ["evil", "unknown", "unknown"]), "status: a value outside intact"),
        (_replace("designations", ["national_registry;evil", "", ""]), "designations: a value outside"),
        (_replace("restoration_progress", [None, 4000.0, None]), "restoration_progress: outside 0 to 100"),
        (_replace("id", ["a", "a", "c"]), "id: missing or repeated"),
        (_replace("source_url", ["javascript:alert(1)", None, None]), "source_url: a link that is not http"),
        (_replace("description", ["x" * 5001, None, None]), "description: longer than 5000 characters"),
    ],
)
def test_a_crafted_entry_with_values_out_of_range_is_discarded_and_rebuilt(
    tmp_path, data_file, validations, caplog, change, reason
):
    cache = BaseCache(tmp_path / "cache")
    cache.load(data_file)
    _craft(_entry(tmp_path), change)
    validations.clear()
    with caplog.at_level(logging.WARNING, logger="heritage.cache"):
        rebuilt = cache.load(data_file)
    assert rebuilt.validated and validations == [1, 2, 3, 4]
    sites = rebuilt.result.sites.set_index("id")
    assert list(sites.index) == ["a", "b", "c"] and list(sites["lat"]) == [40.5, 40.4, 39.2]
    assert list(sites["status"]) == ["damaged", "unknown", "unknown"]
    assert reason in caplog.text
