"""The view as URL parameters and back, so a shared link reproduces what the sender saw.

The filters' parameters come from their declarations (filters.FILTERS); this module adds
the rest of the view: `site`, `view`, `present`, `scene`. Parameters at their defaults are
left out, so links stay short. Anything malformed is dropped with a note for the page to
show; reading a link never raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from heritage import filters
from heritage.filters import MAX_QUERY, Choices, param_flag, param_values
from heritage.view import MapView, ViewState

__all__ = ["KNOWN", "MAX_QUERY", "MapView", "Parsed", "ViewState", "parse", "to_params"]

VIEW_KEYS = frozenset({"site", "view", "present", "scene"})
KNOWN = filters.URL_KEYS | VIEW_KEYS


@dataclass
class Parsed:
    state: ViewState
    notes: list[str] = field(default_factory=list)


def _view(params: Mapping[str, object], notes: list[str]) -> MapView | None:
    values = param_values(params, "view")
    if not values:
        return None
    try:
        lat, lon, zoom = (float(part) for part in values[0].split(","))
    except ValueError:
        notes.append(f"Ignored view={values[0][:40]}: expected lat,lon,zoom.")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 19):
        notes.append(f"Ignored view={values[0][:40]}: latitude, longitude or zoom out of range.")
        return None
    return MapView(lat, lon, int(zoom))


def _scene(params: Mapping[str, object], notes: list[str]) -> int | None:
    values = param_values(params, "scene")
    if not values:
        return None
    if not values[0].isdigit() or int(values[0]) < 1:
        notes.append(f"Ignored scene={values[0][:40]}: expected a scene number from 1.")
        return None
    return int(values[0])


def parse(params: Mapping[str, object], regions: Iterable[str] | None = None, this_year: int = 2100) -> Parsed:
    """Read URL parameters into a ViewState; every problem becomes a note, never an error."""
    notes: list[str] = []
    choices = Choices(regions=tuple(regions) if regions is not None else None, this_year=this_year)
    site_filter = filters.from_params(params, choices, notes)
    site = (param_values(params, "site") or [None])[0]
    notes += [f"Ignored {name[:40]}: not a parameter of this dashboard." for name in params if name not in KNOWN]
    present = bool(param_flag(params, "present"))
    state = ViewState(site_filter, _view(params, notes), site, present, _scene(params, notes))
    return Parsed(state, notes)


def to_params(state: ViewState) -> dict[str, list[str]]:
    """The inverse of parse(): only what differs from the default view."""
    params = filters.to_params(state.site_filter)
    params.update(
        {
            "site": [state.site] if state.site else [],
            "view": [state.view.param()] if state.view else [],
            "present": ["1"] if state.present else [],
            "scene": [str(state.scene)] if state.scene else [],
        }
    )
    return {name: values for name, values in params.items() if values}
