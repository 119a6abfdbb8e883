"""Review: proposals waiting for a second pair of eyes, oldest first, each with its evidence."""

from heritage.ui.navigation import within_app
from heritage.ui.review_page import review_page

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

review_page()
