"""The sites table: the filtered sites, sortable and searchable, with downloads of exactly them."""

from heritage.ui import data as ui_data
from heritage.ui.navigation import within_app
from heritage.ui.sidebar import filtered_view
from heritage.ui.table_page import table_page

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

table_page(filtered_view(ui_data.dataset()))
