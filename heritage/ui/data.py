"""Cached access to the dataset: loaded once per file version, shared by every session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.sources import DataFileError, data_path


@st.cache_resource(show_spinner="Loading the sites…", max_entries=4)
def _load(path: str, modified: float, size: int) -> Dataset:
    """Keyed on the file's time and size so an edited file is read again.

    cache_resource (not cache_data) because the dataset is read-only and large: no
    copy per rerun.
    """
    return Dataset.load(path)


def dataset() -> Dataset:
    """The current dataset; shows a clear message and stops the page when it cannot be read."""
    path = data_path()
    try:
        stat = Path(path).stat()
        return _load(str(path), stat.st_mtime, stat.st_size)
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
