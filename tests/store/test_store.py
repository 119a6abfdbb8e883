"""Observations: stored with their source, applied as the current state, never lost."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from heritage.cache import BaseCache
from heritage.dataset import Dataset, DataVersion
from heritage.filters import SiteFilter
from heritage.store import Conflict, NewObservation, Store, StoreError, StoreUnavailable, observations, site_revisions
from heritage.synthetic import write_geojson
from tests.conftest import feature

REPO = Path(__file__).resolve().parents[2]

DAY = dt.date(2025, 5, 1)


def observe(site_id, field, value, observed=DAY, source="Inspection report 7", author="aysel", **extra):
    return NewObservation(site_id, field, value, observed, source, author, **extra)


@pytest.fixture
def sites_file(tmp_path):
    return write_geojson(
        tmp_path / "sites.geojson",
        [feature("a", status="damaged", source="Base survey"), feature("b"), feature("c")],
    )


def test_schema_is_created_and_upgrading_twice_is_harmless(store_url):
    first = Store(store_url)
    second = Store(store_url)
    assert first.version() == second.version() == (0, 0)
    with second.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0006"


def test_current_state_is_base_plus_latest_observations(store, sites_file):
    store.record([observe("a", "status", "under_restoration", dt.date(2025, 1, 1))], {"a": 0})
    store.record(
        [observe("a", "restoration_progress", 40, dt.date(2025, 3, 1), source_url="https://example.gov/r7")], {"a": 1}
    )
    store.record([observe("a", "status", "at_risk", dt.date(2024, 6, 1), source="Older report")], {"a": 2})
    site = Dataset.load(sites_file, store).sites.set_index("id").loc["a"]
    assert site["status"] == "under_restoration"  # the latest *observed*, not the latest recorded
    assert site["restoration_progress"] == 40
    assert site["source"] == "Inspection report 7" and site["source_url"] == "https://example.gov/r7"
    assert site["updated"] == "2025-03-01"
    assert Dataset.load(sites_file).sites.set_index("id").loc["a", "status"] == "damaged"  # base untouched


def test_every_observation_keeps_who_when_and_why(store):
    [number] = store.record([observe("b", "designations", ["national_registry"], note="Listed by decree 12")], {})
    row = store.observations("b").iloc[0]
    assert row["id"] == number and row["author"] == "aysel" and row["source"] == "Inspection report 7"
    assert row["value"] == ["national_registry"] and row["note"] == "Listed by decree 12"
    assert row["recorded_at"] is not None and str(row["observed"]) == "2025-05-01"


def test_withdrawal_keeps_the_record_but_stops_it_counting(store, sites_file):
    [wrong] = store.record([observe("a", "status", "destroyed")], {"a": 0})
    store.withdraw(wrong, "Wrong site: report 7 was about site b", "rashad", {"a": 1})
    history = store.observations("a")
    assert list(history["field"]) == ["status", "withdrawal"]
    assert bool(history.iloc[0]["withdrawn"]) and history.iloc[1]["withdraws"] == wrong
    assert Dataset.load(sites_file, store).sites.set_index("id").loc["a", "status"] == "damaged"


def test_second_editor_is_told_and_nothing_is_overwritten(store):
    seen_by_both = store.revisions(["a"])
    store.record([observe("a", "status", "restored", author="first")], seen_by_both)
    with pytest.raises(Conflict) as conflict:
        store.record([observe("a", "status", "destroyed", author="second")], seen_by_both)
    assert conflict.value.site_ids == ["a"]
    assert list(store.observations("a")["author"]) == ["first"]
    store.record([observe("a", "status", "destroyed", author="second")], store.revisions(["a"]))  # after looking
    assert list(store.observations("a")["author"]) == ["first", "second"]


def test_bulk_write_is_all_or_nothing(store):
    store.record([observe("c", "status", "intact")], {"c": 0})
    with pytest.raises(Conflict):
        store.record([observe(s, "status", "damaged") for s in ("a", "b", "c")], {"a": 0, "b": 0, "c": 0})
    assert store.observations().shape[0] == 1
    assert store.revisions(["a", "b", "c"]) == {"a": 0, "b": 0, "c": 1}


def test_a_failure_in_the_middle_of_a_write_leaves_the_store_as_it_was(store):
    before = store.version()
    rows = [observe("a", "status", "intact"), observe("b", "status", "intact", withdraws=9999)]  # no observation 9999
    with pytest.raises(StoreUnavailable) as raised:
        store.record(rows, {"a": 0, "b": 0})
    assert isinstance(raised.value.__cause__, sa.exc.IntegrityError)
    assert store.version() == before
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(observations)) == 0
        assert connection.scalar(sa.select(sa.func.count()).select_from(site_revisions)) == 0


def test_simultaneous_editors_one_wins(store_url):
    stores = [Store(store_url) for _ in range(4)]
    results = []

    def edit(own, name):
        try:
            own.record([observe("a", "status", "restored", author=name)], {"a": 0})
            results.append("ok")
        except Conflict:
            results.append("conflict")

    threads = [threading.Thread(target=edit, args=(s, f"editor{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 3 + ["ok"]
    assert len(stores[0].observations("a")) == 1


@pytest.mark.parametrize(
    ("observation", "message"),
    [
        (observe("a", "restoration_progress", 140), "above 100"),
        (observe("a", "status", "splendid"), "not one of"),
        (observe("a", "status", "intact", source=" "), "source: is required"),
        (observe("a", "status", "intact", observed=dt.date.today() + dt.timedelta(days=3)), "in the future"),
        (observe("a", "status", "intact", source_url="javascript:alert(1)"), "not an http or https URL"),
        (observe("a", "name", "New name"), "cannot be observed"),
    ],
)
def test_bad_observations_are_refused_and_nothing_is_written(store, observation, message):
    with pytest.raises(StoreError, match=message):
        store.record([observation], {"a": 0})
    assert store.version() == (0, 0)


def test_imported_version_is_applied_over_the_file(store, sites_file):
    new = feature("d", name="New site", lon=48.0, lat=40.5)
    changed = feature("b", name="Renamed", status="intact")
    version = store.import_version(
        [new, changed], "aysel", "survey.geojson", {"added": 1, "changed": 1, "unchanged": 0}
    )
    sites = Dataset.load(sites_file, store).sites.set_index("id")
    assert list(sites.index) == ["a", "b", "c", "d"]
    assert sites.loc["b", "name"] == "Renamed" and sites.loc["d", "name"] == "New site"
    assert store.versions().iloc[0]["id"] == version and store.version()[1] == version
    store.import_version(
        [feature("b", name="Renamed again")], "rashad", "fix.csv", {"added": 0, "changed": 1, "unchanged": 0}
    )
    assert Dataset.load(sites_file, store).sites.set_index("id").loc["b", "name"] == "Renamed again"
    assert len(store.versions()) == 2  # the first version is still there


def test_observations_are_an_overlay_on_the_cached_base(store, sites_file, tmp_path):
    cache = BaseCache(tmp_path / "cache")
    base = Dataset.base(sites_file, store, cache)
    store.record([observe("b", "status", "damaged", dt.date(2025, 2, 1), source="Report 9")], {"b": 0})
    current = base.with_observations(store.observations(), store.version()[0])
    assert current.version == DataVersion(base.version.base_hash, 0, 1)
    sites = current.sites.set_index("id")
    assert list(sites["status"]) == ["damaged", "damaged", "unknown"]
    assert (sites.loc["b", "source"], sites.loc["b", "updated"]) == ("Report 9", "2025-02-01")
    assert list(base.sites["status"]) == ["damaged", "unknown", "unknown"]  # the base is not changed
    assert np.shares_memory(current.sites["name"].to_numpy(), base.sites["name"].to_numpy())  # shared, not copied
    assert int(current.mask(SiteFilter(statuses=("damaged",))).sum()) == 2
    assert int(base.mask(SiteFilter(statuses=("damaged",))).sum()) == 1
    assert list(current.status_code) == [2, 2, 6]
    assert current.sites.equals(Dataset.load(sites_file, store).sites)  # the same as applying to every row


def test_the_latest_migration_is_read_from_the_files_as_alembic_reads_it():
    """A start at the latest migration skips Alembic (0.3 s of imports): both must agree on it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from heritage.store import MIGRATIONS, latest_revisions

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert latest_revisions() == set(ScriptDirectory.from_config(config).get_heads()) == {"0006"}


def test_a_store_at_the_latest_migration_opens_without_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Store(url)  # creates the schema (Alembic)
    code = (
        "import sys\nfrom heritage.store import Store\n"
        f"Store({url!r}).version()\n"
        "print(any(name.split('.')[0] == 'alembic' for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "False"


def test_one_submission_is_withdrawn_as_one(store, sites_file):
    """A status and a progress from one report are one submission: withdrawing either withdraws both.

    Withdrawn one by one, site a was left "unknown" at 40 % with the withdrawn report as its source.
    """
    first, second = store.record(
        [observe("a", "status", "under_restoration"), observe("a", "restoration_progress", 40)], {"a": 0}
    )
    [other] = store.record([observe("a", "designations", ["national_registry"], source="Decree 12")], {"a": 1})
    assert store.submission(second) == [first, second]
    store.withdraw(second, "Report 7 was about site b", "rashad", {"a": 2})
    history = store.observations("a").set_index("id")
    assert bool(history.loc[first, "withdrawn"]) and bool(history.loc[second, "withdrawn"])
    assert not bool(history.loc[other, "withdrawn"])  # another submission stays
    site = Dataset.load(sites_file, store).sites.set_index("id").loc["a"]
    assert site["status"] == "damaged" and site["source"] == "Decree 12"  # never the withdrawn report
