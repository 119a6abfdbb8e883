"""Filters lead to their sites: the map fits what a new filter found, and a list beside it names them.

A region or status chosen at country scale used to leave the map where it was, so finding which
site is which took several cluster clicks, and ticking "sources disagree" while zoomed in showed
an empty map. Now every filter change moves the map once to the sites it found (unless a link,
scene or live session names a view), and the list gives each site's status, date and source.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from heritage.dataset import Dataset
from heritage.extent import Bounds
from heritage.filters import SiteFilter
from heritage.i18n import Translator
from heritage.schema import STATUSES, status_label
from heritage.ui import viewstate
from heritage.ui.language import current_translator
from heritage.ui.text import plain
from heritage.view import MapView

LISTED_AT_MOST = 20  # a longer list would push the details off the screen; the table lists them all


def fit_to_new_filters(
    data: Dataset,
    site_filter: SiteFilter,
    mask: np.ndarray,
    view_around: Callable[[np.ndarray, np.ndarray], MapView],
    shown: tuple[Bounds, int] | None = None,
    moved: bool = False,
) -> None:
    """Once per new filter, ask the map for the view that shows the sites it found.

    Not when a link, scene or live session has just asked for a view of its own (it names the
    view to show); not when nothing was found (the map says so where the person is); not when
    the map already shows every site found at least as closely (`shown`: bounds and zoom on
    screen); and not when the person has moved the map themselves (`moved`) and it still shows
    some of the sites found: a filter never pulls them away from where they look, but ticking
    "sources disagree" while zoomed in elsewhere no longer leaves an empty map. Later runs with
    the same filters leave the map where the person moved it.
    """
    session = viewstate.session()
    if site_filter == session.fitted_filter:
        return
    viewstate.update_session(fitted_filter=site_filter)
    if (session.requested is not None and not session.requested_shown) or not mask.any():
        return
    lat, lon = data.sites["lat"][mask].to_numpy(), data.sites["lon"][mask].to_numpy()
    fitted = view_around(lat, lon)
    if shown is not None:
        inside = _inside(lat, lon, shown[0])
        if (inside.all() and fitted.zoom <= shown[1]) or (moved and inside.any()):
            return
    viewstate.request_view(fitted)


def _inside(lat: np.ndarray, lon: np.ndarray, bounds: Bounds) -> np.ndarray:
    south, west, north, east = bounds
    return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)


def summary(statuses: pd.Series, t: Translator) -> str:
    """One line: "13 sites found: Restored 4, Damaged 1, Unknown 8" (statuses in the legend's order)."""
    counts = statuses.value_counts()
    parts = [
        t.gettext("{status} {count}").format(status=status_label(status, t), count=t.number(int(counts[status])))
        for status in STATUSES
        if counts.get(status, 0)
    ]
    sites = t.ngettext("{count} site found", "{count} sites found", len(statuses)).format(count=t.number(len(statuses)))
    return t.gettext("{sites}: {statuses}").format(sites=sites, statuses=", ".join(parts))


def _date(value: object, t: Translator) -> str:
    try:
        return t.date(str(value))
    except ValueError:
        return str(value)


def site_line(site: pd.Series, t: Translator) -> str:
    """Status · date · source of one listed site; a missing date or source is left out, never guessed."""
    parts = [status_label(site["status"], t)]
    if site.get("updated"):
        parts.append(_date(site["updated"], t))
    if site.get("source"):
        parts.append(t.gettext("source: {source}").format(source=site["source"]))
    return " · ".join(parts)


def found_list(data: Dataset, mask: np.ndarray, select: Callable[[str], None]) -> None:
    """The sites the filters found: a summary line, then each (at most LISTED_AT_MOST) as a button and its facts."""
    t = current_translator()
    found = data.sites[mask]
    st.markdown(f"**{plain(summary(found['status'], t))}**")
    if len(found) > LISTED_AT_MOST:
        st.caption(plain(t.gettext("Zoom in, or show these sites as a list, to read which is which.")))
        return
    names = data.display_names(t.language)[mask]
    with st.container(key="found_list"):
        for (_, site), name in zip(found.iterrows(), names):
            st.button(plain(name), key=f"found_{site['id']}", on_click=select, args=(site["id"],), width="stretch")
            st.caption(plain(site_line(site, t)))
