"""The view as URL parameters and back, so a shared link reproduces what the sender saw.

Parameters at their defaults are left out, so links stay short. Anything malformed is
dropped with a note for the page to show; reading a link never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from heritage.filters import Range, SiteFilter
from heritage.schema import DESIGNATIONS, STATUSES

MAX_QUERY = 200
KNOWN = {
    "status", "designation", "region", "year", "year_unknown", "progress", "progress_unknown",
    "q", "site", "view", "present", "scene", "contested",
}  # fmt: skip


@dataclass(frozen=True)
class MapView:
    lat: float
    lon: float
    zoom: int

    def param(self) -> str:
        return f"{self.lat:.5f},{self.lon:.5f},{self.zoom}"


@dataclass(frozen=True)
class ViewState:
    site_filter: SiteFilter = SiteFilter()
    view: MapView | None = None
    site: str | None = None
    present: bool = False
    scene: int | None = None  # position in the presenter's scene list, from 1


@dataclass
class Parsed:
    state: ViewState
    notes: list[str] = field(default_factory=list)


def _values(params: Mapping[str, object], name: str) -> list[str]:
    """st.query_params gives a str for one value; get_all gives lists. Accept both."""
    value = params.get(name)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [str(item) for item in items if str(item).strip()]


def _choices(params, name, allowed: Iterable[str], notes: list[str]) -> tuple[str, ...]:
    allowed = list(allowed)
    chosen = []
    for value in _values(params, name):
        for item in value.split(","):
            item = item.strip()
            if item in allowed:
                chosen.append(item)
            elif item:
                notes.append(f"Ignored {name}={item[:40]}: not a known {name}.")
    return tuple(dict.fromkeys(chosen))


def _range(params, name: str, low: float, high: float, notes: list[str]) -> Range | None:
    values = _values(params, name)
    if not values:
        return None
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*", values[0])
    if not match:
        notes.append(f"Ignored {name}={values[0][:40]}: expected two numbers like {low:g}-{high:g}.")
        return None
    start, end = sorted((float(match.group(1)), float(match.group(2))))
    if start < low or end > high:
        notes.append(f"Ignored {name}={values[0][:40]}: outside {low:g}-{high:g}.")
        return None
    return (start, end)


def _flag(params, name: str) -> bool | None:
    values = _values(params, name)
    return None if not values else values[0] in ("1", "true", "yes")


def _view(params, notes: list[str]) -> MapView | None:
    values = _values(params, "view")
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


def parse(params: Mapping[str, object], regions: Iterable[str] | None = None, this_year: int = 2100) -> Parsed:
    """Read URL parameters into a ViewState; every problem becomes a note, never an error."""
    notes: list[str] = []
    year = _range(params, "year", 1900, this_year, notes)
    progress = _range(params, "progress", 0, 100, notes)
    year_unknown, progress_unknown = _flag(params, "year_unknown"), _flag(params, "progress_unknown")
    query = (_values(params, "q") or [""])[0]
    if len(query) > MAX_QUERY:
        notes.append(f"Search text cut to {MAX_QUERY} characters.")
        query = query[:MAX_QUERY]
    site_filter = SiteFilter(
        statuses=_choices(params, "status", STATUSES, notes),
        designations=_choices(params, "designation", DESIGNATIONS, notes),
        regions=_choices(params, "region", regions, notes) if regions is not None else tuple(_values(params, "region")),
        # A range in the link means "only sites with a value" unless *_unknown=1 says otherwise.
        year=year,
        year_unknown=bool(year_unknown) if year is not None else year_unknown is not False,
        progress=progress,
        progress_unknown=bool(progress_unknown) if progress is not None else progress_unknown is not False,
        query=query,
        contested=bool(_flag(params, "contested")),
    )
    site = (_values(params, "site") or [None])[0]
    notes += [f"Ignored {name[:40]}: not a parameter of this dashboard." for name in params if name not in KNOWN]
    state = ViewState(site_filter, _view(params, notes), site, bool(_flag(params, "present")), _scene(params, notes))
    return Parsed(state, notes)


def _scene(params, notes: list[str]) -> int | None:
    values = _values(params, "scene")
    if not values:
        return None
    if not values[0].isdigit() or int(values[0]) < 1:
        notes.append(f"Ignored scene={values[0][:40]}: expected a scene number from 1.")
        return None
    return int(values[0])


def _range_param(bounds: Range) -> str:
    return "-".join(f"{value:g}" for value in bounds)


def _unknown_param(bounds: Range | None, include: bool) -> str | None:
    if bounds is not None:
        return "1" if include else None
    return None if include else "0"


def to_params(state: ViewState) -> dict[str, list[str]]:
    """The inverse of parse(): only what differs from the default view."""
    f = state.site_filter
    params: dict[str, list[str]] = {
        "status": list(f.statuses),
        "designation": list(f.designations),
        "region": list(f.regions),
        "year": [_range_param(f.year)] if f.year else [],
        "year_unknown": [v] if (v := _unknown_param(f.year, f.year_unknown)) else [],
        "progress": [_range_param(f.progress)] if f.progress else [],
        "progress_unknown": [v] if (v := _unknown_param(f.progress, f.progress_unknown)) else [],
        "q": [f.query.strip()] if f.query.strip() else [],
        "contested": ["1"] if f.contested else [],
        "site": [state.site] if state.site else [],
        "view": [state.view.param()] if state.view else [],
        "present": ["1"] if state.present else [],
        "scene": [str(state.scene)] if state.scene else [],
    }
    return {name: values for name, values in params.items() if values}
