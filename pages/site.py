"""A site's own page (?site=ID): everything known about it, a small map, and its neighbours."""

from heritage.ui import data as ui_data
from heritage.ui.navigation import within_app
from heritage.ui.sidebar import seed_from_url
from heritage.ui.site_page import site_page

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
site_page(seed_from_url(dataset), dataset)
