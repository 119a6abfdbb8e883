"""Opening the dashboard's pages under AppTest, as a viewer arrives at them: through dashboard.py."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
MAP = "pages/map.py"  # the default page: what a link without a path opens


def open_page(page: str = MAP, params: Mapping[str, str] | None = None) -> AppTest:
    """dashboard.py run with these query parameters, then moved to `page` as the navigation does.

    It asserts that no exception escaped: a page that raised is never what a test wants.
    """
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    if page != MAP:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app
