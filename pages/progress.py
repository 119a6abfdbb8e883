"""Progress: charts of the filtered sites, each with a caption and its data to download."""

from heritage.ui import data as ui_data
from heritage.ui.navigation import within_app
from heritage.ui.progress_page import progress_page
from heritage.ui.sidebar import filtered_view

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

progress_page(filtered_view(ui_data.dataset()))
