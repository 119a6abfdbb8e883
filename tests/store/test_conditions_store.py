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
SHIPPED_OBSERVATIONS = 68  # data/observations.csv: 68 rows (65 from statements.csv, 3 from statements_added.csv)


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
    assert not sites.loc["az-358", "contested"]
    assert (sites["status"] != "unknown").sum() == 26


def test_walled_city_danger_list_years_in_the_store(store):
    """The 2003 inscription (our added statement) and the 2009 removal, each with its source, from the store."""
    load_shipped(store)
    dataset = Dataset.load(DEFAULT_DATA, store)
    claims = dataset.claims_of("az-2")
    assert [(str(c.observed), c.value, c.source, c.statement) for c in claims.itertuples()][:2] == [
        ("2003-07-01", "at_risk", "UNESCO", "statements_added.csv#1/az-2/status"),
        ("2009-06-25", "intact", "UNESCO World Heritage Centre", "statements.csv#60/az-2/status"),
    ]
    assert not dataset.sites.set_index("id").loc["az-2", "contested"]
