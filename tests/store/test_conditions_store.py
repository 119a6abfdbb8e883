"""The shipped condition record in the store: loaded once, by however many processes start at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from heritage.conditions import AUTHOR, load_shipped
from heritage.dataset import Dataset
from heritage.sources import DEFAULT_DATA
from heritage.store import Store, observations

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_OBSERVATIONS = (
    82  # data/observations.csv: 82 rows (67 statements.csv, 3 statements_added.csv, 12 statements-2.csv)
)
FIRST_BUILD = Path(__file__).with_name(
    "first_build_observations.csv"
)  # data/observations.csv before the second reading


def count(store: Store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.count()).select_from(observations))
        keys = connection.scalar(sa.select(sa.func.count(sa.distinct(observations.c.statement))))
    return int(total), int(keys)


def test_a_second_start_adds_nothing(store):
    assert load_shipped(store) == SHIPPED_OBSERVATIONS
    assert load_shipped(store) == 0
    assert count(store) == (SHIPPED_OBSERVATIONS, SHIPPED_OBSERVATIONS)
    assert set(store.observations()["author"]) == {AUTHOR}


def test_processes_starting_at_once_store_each_statement_once(store_url):
    Store(store_url).engine.dispose()  # the schema exists, as after the first start
    code = (
        "import sys; from heritage.store import Store; from heritage.conditions import load_shipped; "
        "print(load_shipped(Store(sys.argv[1])))"
    )
    starts = [
        subprocess.Popen([sys.executable, "-c", code, store_url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    added = [int(process.communicate(timeout=120)[0].strip()) for process in starts]
    assert sum(added) == SHIPPED_OBSERVATIONS
    assert count(Store(store_url)) == (SHIPPED_OBSERVATIONS, SHIPPED_OBSERVATIONS)


def test_shipped_data_shows_the_sourced_state(store):
    load_shipped(store)
    sites = Dataset.load(DEFAULT_DATA, store).sites.set_index("id")
    assert sites.loc["az-2", "status"] == "intact" and sites.loc["az-2", "source"] == "UNESCO World Heritage Centre"
    assert sites.loc["az-2.2", "status"] == "restored" and sites.loc["az-2.2", "restoration_progress"] == 100.0
    assert sites.loc["az-263", "status"] == "under_restoration" and sites.loc["az-263", "contested"]
    assert sites.loc["az-358", "contested"] and sites.loc["az-4028", "contested"]
    assert (sites["status"] != "unknown").sum() == 27


def test_walled_city_danger_list_years_in_the_store(store):
    """The 2003 inscription (our added statement) and the 2009 removal, each with its source, from the store."""
    load_shipped(store)
    dataset = Dataset.load(DEFAULT_DATA, store)
    claims = dataset.claims_of("az-2")
    assert [(str(c.observed), c.value, c.source, c.statement) for c in claims.itertuples()][:2] == [
        ("2003-07-01", "at_risk", "UNESCO World Heritage Centre", "statements_added.csv#1/az-2/status@2"),
        ("2009-06-25", "intact", "UNESCO World Heritage Centre", "statements.csv#60/az-2/status"),
    ]
    assert not dataset.sites.set_index("id").loc["az-2", "contested"]


def test_a_store_of_the_first_build_is_brought_to_the_second_reading(store):
    """Rows read again ship under new keys; their first-build observations are withdrawn, never edited."""
    assert load_shipped(store, FIRST_BUILD) == 68
    first = store.observations()
    assert load_shipped(store) == 25  # the 25 keys the new build adds
    after = store.observations()
    # Nothing recorded is lost or changed: every first-build observation is still there as it was.
    kept = after[after["id"].isin(first["id"])]
    columns = ["id", "site_id", "field", "value", "observed", "source", "source_url", "note", "statement"]
    assert kept[columns].reset_index(drop=True).equals(first[columns].reset_index(drop=True))
    withdrawals = after[after["field"] == "withdrawal"]
    assert set(withdrawals["source"]) == {"second reading"} and set(withdrawals["author"]) == {AUTHOR}
    assert sorted(after[after["withdrawn"]]["statement"]) == [
        "statements.csv#28/az-358/status",
        "statements.csv#42/az-4212/status",
        "statements.csv#45/az-12/status",
        "statements.csv#45/az-13/status",
        "statements.csv#56/az-246/status",
        "statements.csv#57/az-10/status",
        "statements.csv#58/az-2.2/restoration_progress",
        "statements.csv#58/az-2.2/status",
        "statements_added.csv#1/az-2.2/status",
        "statements_added.csv#1/az-2/status",
        "statements_added.csv#1/az-3/status",
    ]
    # A second start changes nothing.
    version = store.version()
    assert load_shipped(store) == 0
    assert store.version() == version and len(store.observations()) == 68 + 25 + 11
    # The store now shows what the new build shows.
    sites = Dataset.load(DEFAULT_DATA, store).sites.set_index("id")
    assert sites.loc["az-4212", "status"] == "damaged"
    assert sites.loc["az-13", "status"] == "damaged" and not sites.loc["az-13", "contested"]
    assert sites.loc["az-358", "contested"] and sites.loc["az-4028", "contested"]
    assert sites.loc["cs-yukhari-govhar-agha", "status_since"] == "2023-05-10"


def test_processes_bringing_a_first_build_store_up_at_once_withdraw_each_once(store_url):
    first = Store(store_url)
    load_shipped(first, FIRST_BUILD)
    first.engine.dispose()
    code = (
        "import sys; from heritage.store import Store; from heritage.conditions import load_shipped; "
        "print(load_shipped(Store(sys.argv[1])))"
    )
    starts = [
        subprocess.Popen([sys.executable, "-c", code, store_url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    assert sum(int(process.communicate(timeout=120)[0].strip()) for process in starts) == 25
    frame = Store(store_url).observations()
    assert (frame["field"] == "withdrawal").sum() == 11 and frame["withdrawn"].sum() == 11
