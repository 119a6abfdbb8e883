"""The store under stress: copies starting together, a read-only or full database, shared scenes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
import sqlalchemy as sa

from heritage.filters import SiteFilter
from heritage.links import ViewState, scene_params
from heritage.scenes import MAX_SCENES, SceneRefused, clean_name
from heritage.store import CANNOT_WRITE, NewObservation, Store, StoreError, _write_ahead_log
from tests.store.processes import run_together

OPEN_STORE = "Store(sys.argv[3]).version()\nprint('opened')\n"


def test_four_processes_open_a_fresh_store_at_once(store_url):
    results = run_together(OPEN_STORE, 4, "from heritage.store import Store", extra_args=[store_url])
    assert [(code, out.strip()) for code, out, _ in results] == [(0, "opened")] * 4, [e[-600:] for *_, e in results]
    with Store(store_url).engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0006"


def _read_only_url(path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def _observation(site_id: str = "a") -> NewObservation:
    return NewObservation(site_id, "status", "restored", dt.date(2025, 5, 1), "Inspection report 7", "aysel")


def test_a_read_only_database_says_so_before_and_after_a_write(tmp_path):
    path = tmp_path / "store.sqlite"
    Store(f"sqlite:///{path}").record([_observation()], {})
    read_only = Store(_read_only_url(path))
    assert read_only.version() == (1, 0)  # still readable
    assert read_only.writable() is False
    for write in (
        lambda: read_only.record([_observation("b")], {}),
        lambda: read_only.import_version([], "aysel", "sites.geojson", {"added": 0, "changed": 0, "unchanged": 0}),
        lambda: read_only.add_scene("Scene", {"status": ["damaged"]}, "aysel"),
    ):
        with pytest.raises(StoreError) as raised:
            write()
        assert str(raised.value) == CANNOT_WRITE
        assert str(tmp_path) not in str(raised.value)
    assert Store(f"sqlite:///{path}").writable() is True


def test_a_full_disk_during_an_import_is_a_store_error(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")

    @sa.event.listens_for(store.engine, "connect")
    def _tiny_disk(connection, _record):  # SQLite's own "database or disk is full"
        connection.execute("PRAGMA max_page_count = 40")

    store.engine.dispose()
    feature = {"type": "Feature", "properties": {"id": "x", "name": "x" * 4000}, "geometry": None}
    with pytest.raises(StoreError, match="cannot be written"):
        store.import_version([feature] * 200, "aysel", "big.geojson", {"added": 200, "changed": 0, "unchanged": 0})
    assert store.version() == (0, 0)


def test_eight_concurrent_scene_saves_are_all_kept(store_url):
    stores = [Store(store_url) for _ in range(8)]
    params = scene_params(ViewState(SiteFilter(statuses=("damaged",))))
    threads = [
        threading.Thread(target=own.add_scene, args=(f"Scene {number}", params, "aysel"))
        for number, own in enumerate(stores)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = Store(store_url).scenes()
    assert sorted(scene.name for scene in saved) == [f"Scene {n}" for n in range(8)]
    assert {tuple(scene.params["status"]) for scene in saved} == {("damaged",)}


def test_scenes_have_a_count_limit_and_are_removed_by_id(store):
    ids = [store.add_scene(f"Scene {n}", {}, "aysel") for n in range(MAX_SCENES)]
    with pytest.raises(SceneRefused, match="already 50 scenes"):
        store.add_scene("One too many", {}, "aysel")
    store.remove_scene(ids[3])
    assert len(store.scenes()) == 49 and "Scene 3" not in {s.name for s in store.scenes()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("[Sign in again](https://evil.example/login)", "[Sign in again](https://evil.example/login)"),
        ("  two\nlines\t", "two lines"),
        ("\u202eright-to-left", "right-to-left"),
        ("", "Untitled scene"),
    ],
)
def test_scene_names_are_one_line_of_plain_text(name, expected):
    assert clean_name(name) == expected


def test_long_names_and_huge_views_are_refused():
    with pytest.raises(SceneRefused, match="at most 80 characters"):
        clean_name("x" * 81)
    with pytest.raises(SceneRefused, match="too large"):
        scene_params(ViewState(SiteFilter(query="q" * 5000)))


class _NewFileOpenedElsewhere:
    """A sqlite3 connection whose first two journal-mode switches meet another process opening the file."""

    def __init__(self, connection):
        self.connection, self.refusals = connection, 2

    def execute(self, sql: str):
        if sql == "PRAGMA journal_mode = WAL" and self.refusals:
            self.refusals -= 1
            raise sqlite3.OperationalError("database is locked")
        return self.connection.execute(sql)


def test_a_new_file_locked_by_another_opening_process_still_gets_write_ahead_logging(tmp_path):
    connection = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    _write_ahead_log(_NewFileOpenedElsewhere(connection))
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_that_stays_locked_is_not_answering(tmp_path):
    connection = _NewFileOpenedElsewhere(sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None))
    connection.refusals = 10**6
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _write_ahead_log(connection, patience=0.2)
