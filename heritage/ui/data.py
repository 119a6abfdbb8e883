"""Cached access to the dataset: loaded once per file version, shared by every session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from heritage.conditions import load_shipped
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.sources import DataFileError, data_path
from heritage.stats import Indicators, indicators
from heritage.store import CANNOT_READ, Store, StoreError, database_url


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
        return opened, opened.version()
    except Exception:  # any driver, network or migration failure: the map must still show
        return None


def store() -> Store | None:
    """The shared observation store when it answers, else None (editing is then off)."""
    answer = _answering()
    return answer[0] if answer else None


def _store_warning() -> None:
    """Names no host, port or database, and shows no traceback."""
    st.warning(CANNOT_READ, icon=":material/cloud_off:")


@st.cache_resource(show_spinner="Loading the sites…", max_entries=4)
def _load(path: str, modified: float, size: int, _store: Store | None, store_version: tuple) -> Dataset:
    """Keyed on the file's time and size and the store's version, so any change is read again.

    cache_resource (not cache_data) because the dataset is read-only and large: no
    copy per rerun.
    """
    return Dataset.load(path, _store)


def dataset() -> Dataset:
    """The current state; shows a clear message and stops the page when it cannot be read."""
    path = data_path()
    answer = _answering()
    try:
        stat = Path(path).stat()
        if answer is not None:
            try:
                return _load(str(path), stat.st_mtime, stat.st_size, *answer)
            except StoreError:  # it stopped answering just now: the base data, as when it does not answer
                pass
        _store_warning()
        return _load(str(path), stat.st_mtime, stat.st_size, None, None)
    except FileNotFoundError:
        message = f"The data file {Path(path).name} does not exist."  # never the server's folders
    except DataFileError as error:
        message = str(error)
    st.error(f"**The sites cannot be shown.** {message}", icon=":material/error:")
    st.caption("Set HERITAGE_DATA to a GeoJSON or CSV file of sites, or remove it to use the shipped data.")
    st.stop()
    raise AssertionError("unreachable")


def data_key(data: Dataset) -> tuple:
    """Names the data version of `data` in cache keys: work for one version is shared by all."""
    return (id(data), len(data.sites))


@st.cache_resource(max_entries=64)
def _mask(_data: Dataset, key: tuple, site_filter: SiteFilter) -> np.ndarray:
    mask = _data.mask(site_filter)
    mask.setflags(write=False)
    return mask


def shown_mask(data: Dataset, site_filter: SiteFilter) -> np.ndarray:
    """The filter's result, kept so that a pan or a click does not filter again."""
    return _mask(data, data_key(data), site_filter)


@st.cache_resource(max_entries=64, show_spinner=False)
def _indicators(_data: Dataset, key: tuple, site_filter: SiteFilter) -> Indicators:
    return indicators(_data.sites[shown_mask(_data, site_filter)], len(_data.sites))


def shown_indicators(data: Dataset, site_filter: SiteFilter) -> Indicators:
    """The indicator figures of the filtered sites: computed once per data version and filter."""
    return _indicators(data, data_key(data), site_filter)
