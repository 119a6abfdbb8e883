"""Reading URL parameters: the generic helpers that links.py and the filter declarations share.

A view travels as URL parameters (links, scenes, live sessions, the briefing command, the
routes), and Streamlit hands them over in two shapes: `st.query_params` gives a str for one
value, `get_all` and parse_qs give lists. These helpers accept both, so no caller cares which.
"""

from __future__ import annotations

from collections.abc import Mapping

Params = Mapping[str, object]  # URL parameters: a str or a list of str per name


def param_values(params: Params, name: str) -> list[str]:
    """Every non-blank value of `name`, as text, in the order given."""
    value = params.get(name)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [str(item) for item in items if str(item).strip()]


def param_flag(params: Params, name: str) -> bool | None:
    """`1`, `true` or `yes` is on, any other value off; None when the parameter is absent."""
    values = param_values(params, name)
    return None if not values else values[0] in ("1", "true", "yes")


def list_items(values: list[str], allowed: list[str] | None) -> list[str]:
    """Repeated parameters are the list form; `a,b` is also read as a list, but only where
    the allowed values are known and none contains a comma (a region such as
    "Bakı, Səbail" must stay whole)."""
    if allowed is None or any("," in value for value in allowed):
        return [value.strip() for value in values]
    return [item.strip() for value in values for item in value.split(",")]
