"""The served app (`streamlit run app.py`, as `make run` starts it) asks for the map's code with its page.

heritage/ui/preload.py's middleware sits in app.py's `st.App`: this checks it is there on the
real server, for the first page a link opens and for another page's path.
"""

from __future__ import annotations

import urllib.request

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/table?status=damaged"])
def test_the_served_page_preloads_the_map_element(app_url, path):
    with urllib.request.urlopen(app_url.rstrip("/") + path, timeout=60) as response:
        page = response.read().decode("utf-8")
    head = page.split("</head>", 1)[0]
    assert '<link rel="modulepreload" crossorigin href="./static/js/ComponentInstance.' in head
