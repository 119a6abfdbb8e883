"""The filter widgets in the sidebar, seeded from the URL once and read into a SiteFilter."""

from __future__ import annotations

import datetime as dt

import numpy as np
import streamlit as st

from heritage import links
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.schema import DESIGNATIONS, STATUSES
from heritage.ui.data import shown_mask
from heritage.ui.sitemap import request_view

PROGRESS_FULL = (0, 100)


def url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


def seed_from_url(data: Dataset) -> links.ViewState:
    """Read the link once per session into widget state; later reruns keep what the user set."""
    if "url_state" not in st.session_state:
        parsed = links.parse(url_params(), regions=data.regions, this_year=dt.date.today().year)
        st.session_state.url_state = parsed.state
        st.session_state.url_notes = parsed.notes
        apply_state(parsed.state, data)
    return st.session_state.url_state


def apply_state(view_state: links.ViewState, data: Dataset) -> None:
    """Make the page show `view_state`: filters, selected site, map extent, presenter mode.

    Called before the widgets are drawn (on first load, or from a button callback).
    """
    _seed_widgets(view_state.site_filter, data)
    st.session_state.selected_site = view_state.site
    st.session_state.present = view_state.present
    st.session_state.scene = view_state.scene
    if view_state.view:
        request_view(view_state.view)


def reset_filters(data: Dataset) -> None:
    """Button callback: every filter back to "any", so every site shows again."""
    _seed_widgets(SiteFilter(), data)


def _seed_widgets(site_filter: SiteFilter, data: Dataset) -> None:
    state = st.session_state
    state.f_status = list(site_filter.statuses)
    state.f_designation = list(site_filter.designations)
    state.f_region = list(site_filter.regions)
    state.f_query = site_filter.query
    years = data.year_bounds
    if years:
        state.f_year = _clamp(site_filter.year, years) if site_filter.year else years
    state.f_year_unknown = site_filter.year_unknown
    state.f_progress = tuple(int(v) for v in site_filter.progress) if site_filter.progress else PROGRESS_FULL
    state.f_progress_unknown = site_filter.progress_unknown


def _clamp(chosen: tuple[float, float], bounds: tuple[int, int]) -> tuple[int, int]:
    """A linked range wider than the data's years would make the slider raise."""
    low, high = max(int(chosen[0]), bounds[0]), min(int(chosen[1]), bounds[1])
    return (low, high) if low <= high else bounds


FILTER_KEYS = (
    "f_query",
    "f_status",
    "f_designation",
    "f_region",
    "f_year",
    "f_year_unknown",
    "f_progress",
    "f_progress_unknown",
)

KEPT_FILTERS = "kept_filters"  # the filter widgets' values, kept where a page change cannot drop them


def _restore_filter_widgets() -> None:
    """Give each filter widget its last value back when a page change dropped it.

    Re-assigning the keys that are still there also stops Streamlit from forgetting them at the
    end of a run of a page that does not draw them.
    """
    kept = st.session_state.get(KEPT_FILTERS, {})
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]


def filter_sidebar(data: Dataset) -> SiteFilter:
    """Draw the filters and return what they select.

    Each page that filters calls this. Streamlit drops every widget's value when the user moves
    to another page through the navigation, so the choices are restored from a copy kept
    outside the widgets (KEPT_FILTERS), written at the end of each run.
    """
    seed_from_url(data)
    _restore_filter_widgets()
    sidebar = st.sidebar
    sidebar.header("Filters")
    query = sidebar.text_input(
        "Search", key="f_query", placeholder="name, registry number, description", max_chars=links.MAX_QUERY
    )
    statuses = sidebar.multiselect(
        "Conservation status", list(STATUSES), key="f_status", format_func=STATUSES.get, placeholder="any status"
    )
    designations = sidebar.multiselect(
        "Designation",
        list(DESIGNATIONS),
        key="f_designation",
        format_func=DESIGNATIONS.get,
        placeholder="any designation",
    )
    regions = sidebar.multiselect("Region", data.regions, key="f_region", placeholder="any region")
    year, year_unknown = _year_widgets(sidebar, data)
    progress = sidebar.slider("Restoration progress (%)", 0, 100, key="f_progress")
    progress_unknown = sidebar.checkbox("Include sites with no progress value", key="f_progress_unknown")
    st.session_state[KEPT_FILTERS] = {key: st.session_state[key] for key in FILTER_KEYS if key in st.session_state}
    return SiteFilter(
        statuses=tuple(statuses),
        designations=tuple(designations),
        regions=tuple(regions),
        year=year,
        year_unknown=year_unknown,
        progress=None if tuple(progress) == PROGRESS_FULL else tuple(float(v) for v in progress),
        progress_unknown=progress_unknown,
        query=query or "",
    )


def _year_widgets(sidebar, data: Dataset) -> tuple[tuple[float, float] | None, bool]:
    years = data.year_bounds
    if years and years[0] < years[1]:
        if not isinstance(st.session_state.get("f_year"), tuple | list):
            st.session_state.f_year = years  # without a pair the slider would be a single-value one
        chosen = sidebar.slider("Inscription year", years[0], years[1], key="f_year")
        year = None if tuple(chosen) == years else tuple(float(v) for v in chosen)
    else:
        year = None
    year_unknown = sidebar.checkbox("Include sites with no inscription year", key="f_year_unknown")
    return year, year_unknown


def show_url_notes() -> None:
    for note in st.session_state.get("url_notes", []):
        st.info(note, icon=":material/info:")


def filtered_sites(data: Dataset) -> tuple[SiteFilter, np.ndarray]:
    """The start of every filtered page: draw the filters, return them and their mask."""
    site_filter = filter_sidebar(data)
    return site_filter, shown_mask(data, site_filter)
