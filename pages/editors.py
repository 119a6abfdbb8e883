"""Editor sign-in (and sign-out). Viewers need none of this to use the map."""

from heritage.ui.editors_page import editors_page
from heritage.ui.navigation import within_app

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

editors_page()
