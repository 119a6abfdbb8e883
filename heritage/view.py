"""The view state: what one person sees (filters, map view, selected site, scene, presenter mode).

One frozen object that every way of naming a view reads and writes: the URL (links.py turns
it into parameters and back), saved scenes, the briefing, a presenter's live session (stored
as JSON whose filters are their URL parameters, so no filter is ever listed here by hand) and
the dashboard's session (heritage/ui/viewstate.py keeps one in session state).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from heritage import filters
from heritage.extent import view_problem
from heritage.filters import SiteFilter

MIN_ZOOM, MAX_ZOOM = 1, 19


@dataclass(frozen=True)
class MapView:
    """The map's centre and zoom, as a link names it."""

    lat: float
    lon: float
    zoom: int

    def param(self) -> str:
        return f"{self.lat:.5f},{self.lon:.5f},{self.zoom}"

    def is_valid(self) -> bool:
        """A view a person can have seen: on the globe, zoom 1 to 19 (a map with no size reports zoom 0)."""
        return -90 <= self.lat <= 90 and -180 <= self.lon <= 180 and MIN_ZOOM <= self.zoom <= MAX_ZOOM


@dataclass(frozen=True)
class ViewState:
    site_filter: SiteFilter = SiteFilter()
    view: MapView | None = None
    site: str | None = None
    present: bool = False
    scene: int | None = None  # position in the presenter's scene list, from 1
    # `lang=` of a link: the language the person chose; None when it was guessed from the
    # browser, so a link opens in its recipient's own language. Applying a view (a scene,
    # a presenter's live session) never changes the viewer's language.
    language: str | None = None

    def changed(self, **changes: Any) -> ViewState:
        """A copy with some fields replaced (the object itself never changes)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: lists for tuples, None for "not set"."""
        return {
            "filters": filters.to_params(self.site_filter),  # the filters' one serialisation: URL parameters
            "view": {"lat": self.view.lat, "lon": self.view.lon, "zoom": self.view.zoom} if self.view else None,
            "site": self.site,
            "present": self.present,
            "scene": self.scene,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ViewState:
        """The inverse of to_dict(); unknown keys are ignored, a wrong type raises ValueError."""
        try:
            raw = data.get("filters") or {}
            if not isinstance(raw, dict) or not all(
                name in filters.URL_KEYS and isinstance(values, list) and all(isinstance(v, str) for v in values)
                for name, values in raw.items()
            ):
                raise ValueError("expected the filters' URL parameters")
            site_filter = filters.from_params(raw, filters.Choices(), notes=[])
            view = data.get("view")
            map_view = MapView(float(view["lat"]), float(view["lon"]), int(view["zoom"])) if view else None
            if map_view and (problem := view_problem(map_view.lat, map_view.lon, map_view.zoom)):
                raise ValueError(f"view: {problem}")
            site, scene = data.get("site"), data.get("scene")
            return cls(
                site_filter,
                map_view,
                str(site) if site else None,
                bool(data.get("present")),
                int(scene) if scene else None,
                str(data["language"]) if data.get("language") else None,
            )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"Not a view state: {error}") from error

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ViewState:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValueError(f"Not a view state: {error}") from error
        if not isinstance(data, dict):
            raise ValueError("Not a view state: expected a JSON object.")
        return cls.from_dict(data)
