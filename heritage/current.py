"""The current data, loaded once per version and shared by pages and routes alike (no Streamlit).

Data flows: file -> validated base (one in memory) -> + the store's observations (an overlay
per store version). heritage/ui/data.py shows it on pages (progress bar, spinner, messages);
the HTTP routes (heritage/api/) call current_dataset() (the open-data routes) or
current_or_none(). Both share these caches, so a route and a map page never hold two copies.
Caching lives here, in a layer above the pure loaders of heritage/dataset.py, keyed by what
makes a version.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from heritage.cache import BaseCache
from heritage.conditions import load_shipped, shipped_frame
from heritage.dataset import Dataset, DataVersion
from heritage.recent import Recent
from heritage.sources import DataFileError, data_path
from heritage.store import STORE_HEALTH, Store, StoreError, database_url

Progress = Callable[[float, int], None]

_store_lock = threading.Lock()
_stores: dict[str, Store] = {}


def open_store(url: str) -> Store:
    """One Store per URL for the process; a failed open is not kept, so it is tried again.

    Opening also loads the shipped condition record (data/observations.csv) into the store:
    idempotent, and safe when several processes start at once (unique statement keys). A store
    that cannot be written (read-only) is still opened for reading, without it.
    """
    with _store_lock:
        if url in _stores:
            return _stores[url]
    store = Store(url)
    try:
        load_shipped(store)
    except StoreError:
        pass  # read-only or full: the pages say so where writing matters; reading goes on
    with _store_lock:
        return _stores.setdefault(url, store)


def answering() -> tuple[Store, tuple[int, int]] | None:
    """The store and its version when it answers now, else None.

    Asked on every call, so a store that stops answering after the start (a database
    taken offline, a network cut) is noticed at once, and everything recovers by itself
    when it is back. A refused connection fails in milliseconds.
    """
    global _last_answer
    url = database_url()
    try:
        opened = open_store(url)
        answer = opened, opened.version()
    except Exception as error:  # any driver, network or migration failure: the map must still show
        STORE_HEALTH.failed(error)  # logged once per change of state, without host or password
        _last_answer = (time.monotonic(), url, None)
        return None
    STORE_HEALTH.answered()
    _last_answer = (time.monotonic(), url, answer)
    return answer


# (when, for which store, answering()'s answer): the last look at the store
_last_answer: tuple[float, str, tuple[Store, tuple[int, int]] | None] | None = None


def recent_answer(max_age: float) -> tuple[Store, tuple[int, int]] | None:
    """answering()'s last answer if it is at most `max_age` seconds old, else a new one.

    For a crowd's requests (a room's followers each fetch the map's layer after a move): they
    share one look at the store instead of one each. Every look refreshes it, the live events
    reader's too (it looks every 0.25 s while pages are open), so a page told of a new version
    by that reader never gets an older one here.
    """
    last = _last_answer
    if last is not None and time.monotonic() - last[0] <= max_age and last[1] == database_url():
        return last[2]
    return answering()


# The validated base of the current file: one entry, shared by every session and route.
BASE_LOCK = threading.Lock()
BASES: dict[tuple, Dataset] = {}


def base(
    path: Path,
    stat: os.stat_result,
    observations: Store | None,
    base_version: int,
    progress: Progress | None = None,
    waiting: Callable[[], AbstractContextManager] = nullcontext,
) -> Dataset:
    """The validated file with imported versions, read from the columnar cache when it can be.

    `progress` hears about a first load; `waiting` wraps the wait while another caller loads.
    """
    key = (str(path), stat.st_mtime_ns, stat.st_size, observations.url if observations else None, base_version)
    if key in BASES:
        return BASES[key]
    if not BASE_LOCK.acquire(blocking=False):  # another caller is loading: wait for it
        with waiting():
            BASE_LOCK.acquire()
    try:
        if key not in BASES:
            loaded = Dataset.base(path, observations, BaseCache(), progress or (lambda fraction, records: None))
            BASES.clear()  # one base in memory: at a million sites it is the biggest thing here
            BASES[key] = loaded
        return BASES[key]
    finally:
        BASE_LOCK.release()


_overlays: Recent[Dataset] = Recent(4)
_shipped: Recent[Dataset] = Recent(2)


def with_observations(base_data: Dataset, base_key: tuple, store_version: tuple, store: Store) -> Dataset:
    """The base with the store's observations as an overlay: milliseconds, so a new observation is cheap."""
    key = (base_key, store_version, store.url, base_data.key)
    return _overlays.get(key, lambda: base_data.with_observations(store.observations(), store_version[0]))


def with_shipped(base_data: Dataset, base_key: tuple) -> Dataset:
    """Without a store: the base with the shipped condition record (data/observations.csv)."""
    return _shipped.get((base_key, base_data.key), lambda: base_data.with_observations(shipped_frame()))


def current_dataset(path: Path | None = None, max_age: float = 0.0) -> Dataset:
    """The sites as the pages show them now: the data file, imported versions, observations.

    Without a store that answers, the shipped condition record is applied, as on the pages.
    `max_age`: the store's version may be one read that long ago (recent_answer), for a crowd.
    Raises FileNotFoundError or heritage.sources.DataFileError when the file cannot be read.
    """
    path = Path(path or data_path())
    answer = recent_answer(max_age) if max_age > 0 else answering()
    stat = path.stat()
    file_key = (str(path), stat.st_mtime_ns, stat.st_size)
    if answer is not None:
        observations, version = answer
        try:
            loaded = base(path, stat, observations, version[1])
            return with_observations(loaded, (*file_key, version[1]), version, observations)
        except StoreError:
            pass  # it stopped answering just now: the base data, as when it does not answer
    return with_shipped(base(path, stat, None, 0), file_key)


def current_or_none(max_age: float = 0.0) -> Dataset | None:
    """current_dataset(), or None when the data file cannot be read (a route says so in a sentence)."""
    try:
        return current_dataset(max_age=max_age)
    except (OSError, DataFileError):
        return None


@functools.lru_cache(maxsize=8)
def _file_hash(path: str, modified_ns: int, size: int) -> str:
    """The loaded base's hash when it is this file (no second read of a large file), else computed."""
    for (loaded_path, loaded_ns, loaded_size, *_), loaded in list(BASES.items()):
        if (loaded_path, loaded_ns, loaded_size) == (path, modified_ns, size) and loaded.version.base_hash:
            return loaded.version.base_hash
    return BaseCache().file_hash(path)


def data_version() -> DataVersion | None:
    """What the current data is, cheaply: poll it and refresh a page when it changes.

    The file's hash is computed once per modification time and size; the store answers one
    small query. None when the data file cannot be read.
    """
    path = data_path()
    try:
        stat = Path(path).stat()
        digest = _file_hash(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None
    answer = answering()
    last_observation, last_version = answer[1] if answer else (0, 0)
    return DataVersion(digest, last_version, last_observation)


def store() -> Store | None:
    """The routes' store (opened once per URL, shared by every route); None when it does not answer now."""
    answer = answering()
    return answer[0] if answer else None
