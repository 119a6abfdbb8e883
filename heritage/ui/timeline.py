"""The record over time on the map page: step or play through dates, and what changed since a date.

The day shown is the `date` filter (heritage/filters.py), so links, scenes and live sessions
carry it; these controls only move its sidebar widget (`f_date`), before the page is drawn, the
way a scene button does. Followers of a live session receive the view's parameters and follow.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import streamlit as st

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.history import change_words
from heritage.ui import session
from heritage.ui.language import current_translator
from heritage.ui.text import plain

DATE_KEY = "f_date"  # the date filter's widget (DateFilter("date").widgets)
PLAY_FROM = dt.date(2020, 11, 10)  # the ceasefire: where a presentation of the years since starts
PLAY_SECONDS = 3.0


def _shift(day: dt.date, years: int) -> dt.date | None:
    """`day` moved by whole years (29 February -> 28 February); None when that reaches today."""
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:
        moved = day.replace(year=day.year + years, day=28)
    return None if moved >= dt.date.today() else max(moved, dt.date(1900, 1, 1))


def _step(years: int) -> None:
    """Button callback: the record a year earlier or later (a later step past today is today)."""
    day = session.widget_value(DATE_KEY) or dt.date.today()
    session.set_widget_value(DATE_KEY, _shift(day, years))


def _start_play() -> None:
    """Play from PLAY_FROM (or the day shown, when it is later) a year at a time, to today."""
    session.timeline_playing.set(time.monotonic())
    if not session.widget_value(DATE_KEY):
        session.set_widget_value(DATE_KEY, PLAY_FROM)


def date_controls(site_filter: SiteFilter) -> None:
    """◀ a year · the day shown · a year ▶ · play/pause; in presenter mode and above the map."""
    t = current_translator()
    _ = t.gettext
    shown = site_filter.date or _("today")
    with st.container(horizontal=True, vertical_alignment="center", key="date_controls"):
        st.button("◀ " + _("1 year"), key="date_back", on_click=_step, args=(-1,), help=_("The record a year earlier"))
        st.markdown("**" + plain(_("Record as of {date}").format(date=shown)) + "**")
        st.button(
            _("1 year") + " ▶", key="date_forward", on_click=_step, args=(1,), disabled=not site_filter.date,
            help=_("The record a year later"),
        )  # fmt: skip
        if session.timeline_playing.get() is not None:
            st.button(_("Pause"), key="date_pause", on_click=session.timeline_playing.set, args=(None,))
        else:
            st.button(
                _("Play the years"), key="date_play", on_click=_start_play, icon=":material/play_arrow:",
                help=_("A year at a time from {date} to today").format(date=PLAY_FROM.isoformat()),
            )  # fmt: skip
    if session.timeline_playing.get() is not None:
        _player()


@st.fragment(run_every=PLAY_SECONDS)
def _player() -> None:
    """While playing: every few seconds the next year, then the whole page again (followers follow).

    The fragment also runs within each whole-page run: it steps only when PLAY_SECONDS have
    passed since the last step, so a page run never races through the years.
    """
    last = session.timeline_playing.get()
    if last is None or time.monotonic() - last < PLAY_SECONDS * 0.9:
        return
    day = session.widget_value(DATE_KEY)
    if not day:  # reached today
        session.timeline_playing.set(None)
        return
    session.timeline_playing.set(time.monotonic())
    session.set_widget_value(DATE_KEY, _shift(day, 1))
    st.rerun(scope="app")


def changes_list(data: Dataset, mask: np.ndarray, site_filter: SiteFilter) -> None:
    """The shown sites whose status or progress changed since `since`: before -> after, with sources."""
    if not site_filter.since:
        return
    t = current_translator()
    changes = data.changes(mask)
    title = t.ngettext(
        "{count} site changed since {since}", "{count} sites changed since {since}", len(changes)
    ).format(count=t.number(len(changes)), since=site_filter.since)
    with st.expander(title, expanded=bool(len(changes)), icon=":material/change_history:"):
        st.caption(plain(t.gettext("Marked Δ on the map. Each side with the source that states it and its date.")))
        lines = [f"- {plain(change_words(row, t))}" for _, row in changes.iterrows()]
        with st.container(key="changes_list"):
            st.markdown("\n".join(lines) or plain(t.gettext("No shown site changed.")))
