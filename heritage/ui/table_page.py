"""The sites table page's flow: the filtered sites, sortable, with downloads of exactly them."""

from __future__ import annotations

import streamlit as st

from heritage.filters import describe
from heritage.ui.downloads import export_buttons
from heritage.ui.language import current_translator
from heritage.ui.sidebar import FilteredView, show_url_notes
from heritage.ui.tables import sites_table
from heritage.ui.text import plain
from heritage.ui.urlsync import current_state, sync_url


def table_page(view: FilteredView) -> None:
    """Title, the filters in words, downloads and the table; the URL then follows the filters."""
    shown = view.dataset.sites[view.mask]
    t = current_translator()
    st.title(t.gettext("Sites table"), anchor=False)
    show_url_notes()
    hint = t.gettext("Click a column to sort; the search box is above the table.")
    st.caption(plain(describe(view.site_filter, len(shown), t) + ". " + hint))
    export_buttons(shown, view.site_filter, view.dataset.observations)
    sites_table(shown)
    sync_url(current_state(view.site_filter, with_view=False))
