"""The sites table: the filtered sites, sortable and searchable, with downloads of exactly them."""

import streamlit as st

from heritage.filters import describe
from heritage.ui import data as ui_data
from heritage.ui.downloads import export_buttons
from heritage.ui.language import current_translator
from heritage.ui.navigation import within_app
from heritage.ui.sidebar import dated, filtered_sites, show_url_notes
from heritage.ui.tables import sites_table
from heritage.ui.text import plain
from heritage.ui.urlsync import current_state, sync_url

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
site_filter, mask = filtered_sites(dataset)
dataset = dated(dataset, site_filter)  # the record as of the view's date
shown = dataset.sites[mask]

t = current_translator()
st.title(t.gettext("Sites table"), anchor=False)
show_url_notes()
hint = t.gettext("Click a column to sort; the search box is above the table.")
st.caption(plain(describe(site_filter, len(shown), t) + ". " + hint))
export_buttons(shown, site_filter, dataset.observations)
sites_table(shown)
sync_url(current_state(site_filter, with_view=False))
