"""Cached access to the dataset: loaded once per file version, shared by every session."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import streamlit as st

from heritage import current
from heritage.dataset import Dataset, DataVersion
from heritage.filters import SiteFilter
from heritage.sources import DataFileError, data_path
from heritage.stats import Indicators, indicators
from heritage.store import CANNOT_READ, Store, StoreError
from heritage.ui.errors import end_page
from heritage.ui.language import current_translator
from heritage.ui.text import plain


def _answering() -> tuple[Store, tuple[int, int]] | None:
    """The store and its version when it answers now, else None (heritage/current.py)."""
    return current.answering()


def store() -> Store | None:
    """The shared observation store when it answers, else None (editing is then off)."""
    answer = _answering()
    return answer[0] if answer else None


def _store_warning() -> None:
    """Names no host, port or database, and shows no traceback."""
    st.warning(current_translator().gettext(CANNOT_READ), icon=":material/cloud_off:")


PROGRESS_AFTER_SECONDS = 2.0  # a first load shorter than this shows no progress bar


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
    """The validated base (heritage/current.py), with a progress bar on a long first load."""
    progress = _LoadProgress()
    try:
        return current.base(
            path,
            stat,
            observations,
            base_version,
            progress,
            lambda: st.spinner(current_translator().gettext("Loading the sites…")),
        )
    finally:
        progress.done()


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
                return current.with_observations(base, base_key, version, observations)
            except StoreError:  # it stopped answering just now: the base data, as when it does not answer
                pass
        _store_warning()
        return current.with_shipped(_base(Path(path), stat, None, 0), (str(path), stat.st_mtime_ns, stat.st_size))
    except FileNotFoundError:
        message = _("The data file {name} does not exist.").format(name=Path(path).name)  # no server path
    except DataFileError as error:
        message = str(error)
    heading = _("The sites cannot be shown.")
    st.error(f"**{heading}** {plain(message)}", icon=":material/error:")
    st.caption(_("Set HERITAGE_DATA to a GeoJSON or CSV file of sites, or remove it to use the shipped data."))
    end_page()


def data_version() -> DataVersion | None:
    """What the current data is, cheaply (heritage/current.py): a page refreshes when it changes."""
    return current.data_version()


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
