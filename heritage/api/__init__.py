"""HTTP routes served beside the dashboard by `app.py` (Streamlit's `st.App`, same process).

Each module of this package that answers requests exposes `ROUTES` (a list of Starlette routes);
`routes()` gathers them here, so adding a route group is one line in `_GROUPS`.
"""

from __future__ import annotations

from importlib import import_module

from starlette.routing import BaseRoute

# The modules whose ROUTES are served, in order (first match wins).
_GROUPS: tuple[str, ...] = ("heritage.api.health", "heritage.api.ogc")


def routes() -> list[BaseRoute]:
    """Every route of every group, for `st.App(..., routes=routes())`."""
    gathered: list[BaseRoute] = []
    for name in _GROUPS:
        gathered.extend(import_module(name).ROUTES)
    return gathered
