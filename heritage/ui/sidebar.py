"""The filter widgets in the sidebar, drawn from the filter declarations and read into a SiteFilter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from heritage import filters, links, live
from heritage.dataset import Dataset
from heritage.filters import Choices, SiteFilter, Widget
from heritage.i18n import N_
from heritage.i18n.notes import Note, translated
from heritage.schema import code_label
from heritage.ui import session, viewstate
from heritage.ui.data import shown_mask
from heritage.ui.language import current_translator
from heritage.ui.text import plain

LINK_TOO_LONG = N_(
    "This link was too long to read (more than 1,000 parameters or 512 KB), so the dashboard opened "
    "with its start view."
)


def url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


def choices(data: Dataset) -> Choices:
    return Choices(regions=tuple(data.regions), year_bounds=data.year_bounds, this_year=dt.date.today().year)


def seed_from_url(data: Dataset) -> links.ViewState:
    """Read the link once per session into the view state; later reruns keep what the user set."""
    if not viewstate.opened():
        parsed = links.parse(url_params(), regions=data.regions, this_year=dt.date.today().year)
        notes, code = list(parsed.notes), live.clean_code(parsed.follow)
        if parsed.follow and not code:
            notes.append(Note(N_("Ignored follow={value}: not a live-session code."), value=parsed.follow[:40]))
        if parsed.too_long:
            notes.insert(0, current_translator().gettext(LINK_TOO_LONG))
        viewstate.put(viewstate.SessionView(notes=tuple(notes), live_code=code, following=bool(code)))
        apply_state(parsed.state, data)
    return viewstate.current()


def apply_state(view_state: links.ViewState, data: Dataset) -> None:
    """Make the page show `view_state`: filters, selected site, map extent, presenter mode.

    Called before the widgets are drawn (on first load, or from a button callback).
    """
    session.set_widget_values(filters.widget_values(view_state.site_filter, choices(data)))
    before = viewstate.session()
    # The map view stays the one shown until the map reports the requested one.
    viewstate.put(replace(before, state=view_state.changed(view=before.state.view)))
    if view_state.view:
        viewstate.request_view(view_state.view)


def reset_filters(data: Dataset) -> None:
    """Button callback: every filter back to "any", so every site shows again."""
    session.set_widget_values(filters.widget_values(SiteFilter(), choices(data)))


def _keep_widget_values(site_filter: SiteFilter, offered: Choices) -> None:
    """Streamlit 1.67 drops every widget's value when the navigation changes page: give them back.

    Re-assigning a key it still has keeps the user's choice (and stops Streamlit forgetting it
    after a page that does not draw it); a key it lost, or a range slider's value that is no
    longer a pair (it would become a single-value slider and raise), gets the view state's value.
    """
    for key, value in filters.widget_values(site_filter, offered).items():
        kept = session.widget_value(key, _ABSENT)
        # A cleared date box (None) stays clear; other widgets take the view's value back when they lost theirs.
        lost = kept is _ABSENT if key in _EMPTY_ALLOWED else kept is None or kept is _ABSENT
        if lost or (isinstance(value, tuple) and not isinstance(kept, tuple | list)):
            kept = value
        session.set_widget_value(key, kept)


_ABSENT = object()  # a widget key Streamlit no longer holds
_EMPTY_ALLOWED = {w.key for f in filters.FILTERS for w in f.widgets(Choices()) if w.kind in ("date", "year")}


def _draw(sidebar, widget: Widget) -> object:
    """One widget, its texts in the reader's language (the declarations hold the English)."""
    t = current_translator()
    label = t.pgettext("filter", widget.label)
    placeholder = t.pgettext("filter", widget.placeholder) if widget.placeholder else None
    if widget.kind == "text":
        return sidebar.text_input(label, key=widget.key, placeholder=placeholder, max_chars=widget.max_chars)
    if widget.kind == "choices":
        return sidebar.multiselect(
            label,
            list(widget.options),
            key=widget.key,
            format_func=_option_format(widget, t),
            placeholder=placeholder,
        )
    if widget.kind == "range":
        low, high = widget.bounds or (0, 0)
        return sidebar.slider(label, low, high, key=widget.key)
    if widget.kind == "date":  # empty: today's record (date) or no comparison (since)
        today = dt.date.today()
        return sidebar.date_input(
            label, key=widget.key, min_value=dt.date(1900, 1, 1), max_value=today, format="YYYY-MM-DD"
        )
    if widget.kind == "year":
        low, high = widget.bounds or (1900, 2100)
        return sidebar.number_input(label, min_value=low, max_value=high, step=1, key=widget.key, placeholder="—")
    return sidebar.checkbox(label, key=widget.key)


def _option_format(widget: Widget, t) -> Callable[[str], str]:
    """How an option reads: a status's label, a region's names ("Shusha (Şuşa)"), else itself.

    Streamlit's multiselect finds options by the letters typed, in order ("fuzzy"), in this text
    only: a region's label carries its Latin forms so that "Shusha" and "Susa" find Şuşa.
    """
    if widget.labels:
        return lambda code: code_label(code, t)
    if widget.option_label:
        option_label = widget.option_label
        return lambda value: option_label(value, t.language)
    return str


def held_filter(data: Dataset) -> SiteFilter:
    """What the filters hold at the start of this run, read before their boxes are drawn (also kept in the view state).

    The map page draws its map before the boxes (heritage/ui/firstpaint.py); a box's value is
    in the session from the start of the run (the link's, or the person's last choice).
    """
    seed_from_url(data)
    offered = choices(data)
    _keep_widget_values(viewstate.current().site_filter, offered)
    values = {widget.key: session.widget_value(widget.key) for widget in _widgets(offered)}
    site_filter = filters.from_widgets(values, offered)
    viewstate.update(site_filter=site_filter)
    return site_filter


def draw_filters(data: Dataset) -> SiteFilter:
    """The filter boxes in the sidebar, holding what `held_filter` read; returns what they select."""
    offered = choices(data)
    sidebar = st.sidebar
    sidebar.header(current_translator().pgettext("filter", "Filters"))
    return filters.from_widgets({widget.key: _draw(sidebar, widget) for widget in _widgets(offered)}, offered)


def _widgets(offered: Choices) -> list[Widget]:
    return [widget for declared in filters.SIDEBAR_ORDER for widget in declared.widgets(offered)]


def filter_sidebar(data: Dataset) -> SiteFilter:
    """Draw the filters and return what they select (also kept in the view state)."""
    held_filter(data)
    site_filter = draw_filters(data)
    viewstate.update(site_filter=site_filter)
    return site_filter


def show_url_notes() -> None:
    """The link's malformed parts, as plain text: they quote whatever the link held."""
    for note in viewstate.session().notes:
        st.info(plain(translated(note, current_translator())), icon=":material/info:")


def dated(data: Dataset, site_filter: SiteFilter) -> Dataset:
    """The record the view shows: as of its date, with the sites changed since its `since` marked."""
    return data.as_of(site_filter.day, site_filter.since_day)


@dataclass(frozen=True)
class FilteredView:
    """What a filtered page shows: the record as of the view's date, the sidebar's filter, the sites it keeps.

    One value, so a page reads its view in one call and hands it to its flow in heritage/ui.
    """

    dataset: Dataset
    site_filter: SiteFilter
    mask: np.ndarray

    @property
    def found(self) -> int:
        """How many sites the filter keeps."""
        return int(self.mask.sum())


def filtered_view(data: Dataset) -> FilteredView:
    """Draw the filters and read the view a filtered page shows (see `dated`)."""
    return _view(data, filter_sidebar(data))


def held_view(data: Dataset) -> FilteredView:
    """The view the filters hold, before their boxes are drawn (`held_filter`; the map page's)."""
    return _view(data, held_filter(data))


def _view(data: Dataset, site_filter: SiteFilter) -> FilteredView:
    """The record as of the filter's date, and the sites of it the filter keeps."""
    shown = dated(data, site_filter)
    return FilteredView(shown, site_filter, shown_mask(shown, site_filter))
