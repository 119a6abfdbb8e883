"""About the data: what it is, where it comes from, and what the statuses mean."""

from heritage.ui import data as ui_data
from heritage.ui.about_page import about_page
from heritage.ui.navigation import within_app

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

about_page(ui_data.dataset())
