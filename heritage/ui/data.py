"""Cached access to the dataset: loaded once per file version, shared by every session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.sources import DataFileError, data_path
from heritage.store import CANNOT_READ, Store, StoreError, database_url


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    """One Store per URL for the process; a failed open is not cached, so it is tried again."""
    return Store(url)


_ANSWERED = "store_answered"  # session key: the store's version when it answered this run, else None


def check_store() -> None:
    """Ask the store once per run (dashboard.py calls this before the page); warn if it does not answer.

    A store that stops answering after the start (a database taken offline, a network cut)
    shows the base data with one warning, and editing is off; the next run asks again, so
    the dashboard recovers by itself when the store is back. The warning names no host,
    port or database, and shows no traceback.
    """
    try:
        st.session_state[_ANSWERED] = _open_store(database_url()).version()
    except Exception:  # any driver, network or migration failure: the map must still show
        st.session_state[_ANSWERED] = None
        st.warning(CANNOT_READ, icon=":material/cloud_off:")


def store() -> Store | None:
    """The shared observation store when it answered this run, else None."""
    if _ANSWERED not in st.session_state:
        check_store()  # a page run on its own (tests): ask now
    if st.session_state[_ANSWERED] is None:
        return None
    return _open_store(database_url())


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
    observations = store()
    try:
        stat = Path(path).stat()
        if observations is not None:
            try:
                return _load(str(path), stat.st_mtime, stat.st_size, observations, st.session_state[_ANSWERED])
            except StoreError:  # it stopped answering since check_store(): the base data, as above
                st.warning(CANNOT_READ, icon=":material/cloud_off:")
                st.session_state[_ANSWERED] = None
        return _load(str(path), stat.st_mtime, stat.st_size, None, None)
    except FileNotFoundError:
        message = f"The data file {path} does not exist."
    except DataFileError as error:
        message = str(error)
    st.error(f"**The sites cannot be shown.** {message}", icon=":material/error:")
    st.caption("Set HERITAGE_DATA to a GeoJSON or CSV file of sites, or remove it to use the shipped data.")
    st.stop()
    raise AssertionError("unreachable")


@st.cache_resource(max_entries=64)
def _mask(_data: Dataset, key: tuple, site_filter: SiteFilter) -> np.ndarray:
    mask = _data.mask(site_filter)
    mask.setflags(write=False)
    return mask


def shown_mask(data: Dataset, site_filter: SiteFilter) -> np.ndarray:
    """The filter's result, kept so that a pan or a click does not filter again."""
    return _mask(data, (id(data), len(data.sites)), site_filter)
