"""Import a file as a new version of the base data, after a report and a confirmation."""

from heritage.ui.import_page import import_page
from heritage.ui.navigation import within_app

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

import_page()
