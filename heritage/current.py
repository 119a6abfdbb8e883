"""The current dataset without Streamlit: what the pages show (file + store), for the HTTP routes.

Routes (heritage/api) answer outside a Streamlit session, so they cannot use `heritage.ui.data`
(its caches are `st.cache_resource`). This module keeps a small cache of its own, below both
the routes and the pages so that they share the validated base (BASES): one validated base per data file
version and one overlay per store version, so a request costs a store version query when nothing
changed, and milliseconds after a new observation. The store is opened once per URL and loads
the shipped condition record as the pages' store does; when the store cannot be reached the
shipped record is applied instead, exactly as `heritage.ui.data.dataset` does.
"""

from __future__ import annotations

import threading
from pathlib import Path

from heritage.cache import BaseCache
from heritage.conditions import load_shipped, shipped_frame
from heritage.dataset import Dataset
from heritage.sources import data_path
from heritage.store import STORE_HEALTH, Store, StoreError, database_url

# The validated base of the current file: one entry, shared with the pages (heritage.ui.data uses
# these two), so the routes never hold a second copy of the biggest thing in memory. Key: (path,
# modification time, size, store URL or None, the store's base version).
BASE_LOCK = threading.Lock()
BASES: dict[tuple, Dataset] = {}
_lock = threading.Lock()  # one overlay at a time; other requests wait for it and share the result
_stores: dict[str, Store] = {}
_current: dict[tuple, Dataset] = {}  # one entry: the base with the store's observations


def _store() -> Store | None:
    """The store of HERITAGE_DATABASE_URL, opened once; None when it cannot be reached now."""
    url = database_url()
    if url not in _stores:
        try:
            opened = Store(url)
        except Exception as error:  # any driver or network failure: the routes still answer from the file
            STORE_HEALTH.failed(error)
            return None
        try:
            load_shipped(opened)
        except StoreError:
            pass  # read-only: reading goes on without it, as on the pages
        _stores[url] = opened
    return _stores[url]


def _version(store: Store | None) -> tuple[int, int] | None:
    if store is None:
        return None
    try:
        version = store.version()
    except Exception as error:  # it stopped answering: the base data with the shipped record
        STORE_HEALTH.failed(error)
        return None
    STORE_HEALTH.answered()
    return version


def current_dataset(path: Path | None = None) -> Dataset:
    """The sites as the pages show them now: the data file, imported versions, observations.

    Raises FileNotFoundError or heritage.sources.DataFileError when the file cannot be read;
    a route turns those into one sentence.
    """
    path = Path(path or data_path())
    stat = path.stat()
    with _lock:
        store = _store()
        version = _version(store)
        file_key = (str(path), stat.st_mtime_ns, stat.st_size)
        base_key = (*file_key, store.url if version else None, version[1] if version else 0)
        key = (*base_key, version[0] if version else None)
        if key not in _current:
            base = _base(path, base_key, store if version else None)
            if version:
                dataset = base.with_observations(store.observations(), version[0])
            else:
                dataset = base.with_observations(shipped_frame())
            _current.clear()
            _current[key] = dataset
        return _current[key]


def _base(path: Path, key: tuple, store: Store | None) -> Dataset:
    """The validated base under `key`: the pages' when they loaded it, else loaded here."""
    with BASE_LOCK:
        if key not in BASES:
            loaded = Dataset.base(path, store, BaseCache())
            BASES.clear()
            BASES[key] = loaded
        return BASES[key]
