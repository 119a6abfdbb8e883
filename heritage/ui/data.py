"""Cached access to the dataset: loaded once per file version, shared by every session."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import streamlit as st

from heritage.cache import BaseCache
from heritage.conditions import load_shipped, shipped_frame
from heritage.current import BASE_LOCK, BASES
from heritage.dataset import Dataset, DataVersion
from heritage.filters import SiteFilter
from heritage.sources import DataFileError, data_path
from heritage.stats import Indicators, indicators
from heritage.store import CANNOT_READ, STORE_HEALTH, Store, StoreError, database_url
from heritage.ui.errors import end_page
from heritage.ui.language import current_translator
from heritage.ui.text import plain


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    """One Store per URL for the process; a failed open is not cached, so it is tried again.

    Opening also loads the shipped condition record (data/observations.csv) into the store:
    idempotent, and safe when several processes start at once (unique statement keys). A store
    that cannot be written (read-only) is still opened for reading, without it.
    """
    store = Store(url)
    try:
        load_shipped(store)
    except StoreError:
        pass  # read-only or full: the pages say so where writing matters; reading goes on
    return store


def _answering() -> tuple[Store, tuple[int, int]] | None:
    """The store and its version when it answers now, else None.

    Asked on every call, so a store that stops answering after the start (a database
    taken offline, a network cut) is noticed on the next page, and the dashboard recovers
    by itself when it is back. A refused connection fails in milliseconds.
    """
    try:
        opened = _open_store(database_url())
        answer = opened, opened.version()
    except Exception as error:  # any driver, network or migration failure: the map must still show
        STORE_HEALTH.failed(error)
        return None
    STORE_HEALTH.answered()
    return answer


def store() -> Store | None:
    """The shared observation store when it answers, else None (editing is then off)."""
    answer = _answering()
    return answer[0] if answer else None


def _store_warning() -> None:
    """Names no host, port or database, and shows no traceback."""
    st.warning(current_translator().gettext(CANNOT_READ), icon=":material/cloud_off:")


PROGRESS_AFTER_SECONDS = 2.0  # a first load shorter than this shows no progress bar

# The validated base of the current file: one entry, shared by every session and by the HTTP
# routes (heritage.current holds it). Not in st.cache_resource, because a cached function's
# elements are replayed on every hit and the first load's progress bar must show only while it runs.
_base_lock = BASE_LOCK
_base_entry = BASES


class _LoadProgress:
    """A progress bar that appears once a first load has taken PROGRESS_AFTER_SECONDS."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar = None

    def __call__(self, fraction: float, records: int) -> None:
        if self.bar is None and time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
            return
        text = f"Reading and checking the sites: {records:,} records so far…"
        if self.bar is None:
            self.bar = st.progress(fraction, text=text)
        else:
            self.bar.progress(fraction, text=text)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.empty()


def _base(path: Path, stat: os.stat_result, observations: Store | None, base_version: int) -> Dataset:
    """The validated file with imported versions, read from the columnar cache when it can be."""
    key = (str(path), stat.st_mtime_ns, stat.st_size, observations.url if observations else None, base_version)
    if key in _base_entry:
        return _base_entry[key]
    if not _base_lock.acquire(blocking=False):  # another session is loading: wait for it
        with st.spinner(current_translator().gettext("Loading the sites…")):
            _base_lock.acquire()
    try:
        if key not in _base_entry:
            progress = _LoadProgress()
            try:
                loaded = Dataset.base(path, observations, BaseCache(), progress)
            finally:
                progress.done()
            _base_entry.clear()  # one base in memory: at a million sites it is the biggest thing here
            _base_entry[key] = loaded
        return _base_entry[key]
    finally:
        _base_lock.release()


@st.cache_resource(show_spinner=False, max_entries=4)
def _with_observations(_base_data: Dataset, base_key: tuple, store_version: tuple, _store: Store) -> Dataset:
    """The base with the store's observations as an overlay: milliseconds, so a new observation is cheap."""
    return _base_data.with_observations(_store.observations(), store_version[0])


@st.cache_resource(show_spinner=False, max_entries=2)
def _with_shipped(_base_data: Dataset, base_key: tuple) -> Dataset:
    """Without a store: the base with the shipped condition record (data/observations.csv)."""
    return _base_data.with_observations(shipped_frame())


def dataset() -> Dataset:
    """The current state; shows a clear message and stops the page when it cannot be read."""
    path = data_path()
    _ = current_translator().gettext
    answer = _answering()
    try:
        stat = Path(path).stat()
        if answer is not None:
            observations, version = answer
            try:
                base = _base(Path(path), stat, observations, version[1])
                base_key = (str(path), stat.st_mtime_ns, stat.st_size, version[1])
                return _with_observations(base, base_key, version, observations)
            except StoreError:  # it stopped answering just now: the base data, as when it does not answer
                pass
        _store_warning()
        return _with_shipped(_base(Path(path), stat, None, 0), (str(path), stat.st_mtime_ns, stat.st_size))
    except FileNotFoundError:
        message = _("The data file {name} does not exist.").format(name=Path(path).name)  # no server path
    except DataFileError as error:
        message = str(error)
    heading = _("The sites cannot be shown.")
    st.error(f"**{heading}** {plain(message)}", icon=":material/error:")
    st.caption(_("Set HERITAGE_DATA to a GeoJSON or CSV file of sites, or remove it to use the shipped data."))
    end_page()


@st.cache_data(show_spinner=False, max_entries=8)
def _file_hash(path: str, modified_ns: int, size: int) -> str:
    """The loaded base's hash when it is this file (no second read of a large file), else computed."""
    for (loaded_path, loaded_ns, loaded_size, *_), base in list(_base_entry.items()):
        if (loaded_path, loaded_ns, loaded_size) == (path, modified_ns, size) and base.version.base_hash:
            return base.version.base_hash
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
    observations = store()
    last_observation, last_version = observations.version() if observations else (0, 0)
    return DataVersion(digest, last_version, last_observation)


def data_key(data: Dataset) -> tuple:
    """Names `data` in cache keys: its data version and a serial number never given to another Dataset.

    Not id(data): a Dataset evicted from a cache can be followed by another at the same address.
    """
    return data.key


def shown_mask(data: Dataset, site_filter: SiteFilter) -> np.ndarray:
    """The filter's result, kept by the dataset so that a pan or a click does not filter again."""
    return data.mask(site_filter)


@st.cache_resource(max_entries=64, show_spinner=False)
def _indicators(_data: Dataset, key: tuple, site_filter: SiteFilter) -> Indicators:
    return indicators(_data.sites[shown_mask(_data, site_filter)], len(_data.sites))


def shown_indicators(data: Dataset, site_filter: SiteFilter) -> Indicators:
    """The indicator figures of the filtered sites: computed once per data version and filter."""
    return _indicators(data, data_key(data), site_filter)
