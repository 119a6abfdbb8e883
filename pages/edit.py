"""Record an observation for one or several sites: a dated change with its source."""

from heritage.ui import viewstate
from heritage.ui.edit_page import edit_page
from heritage.ui.navigation import within_app

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

edit_page(viewstate.current())
