"""Build the folium map: an offline base that never changes, and a small layer of markers.

The base (Leaflet served by the app, the Natural Earth outlines, optional online tiles,
the legend) is identical on every rerun, so streamlit-folium keeps the same map and the
user's pan and zoom; only the marker layer, a few kilobytes of JSON, is replaced.
No per-site Python object goes into folium: one element carries all markers as data.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from heritage.clustering import ViewLayer
from heritage.extent import AZERBAIJAN, MAX_ZOOM, MIN_ZOOM, Bounds, start_zoom
from heritage.i18n import ENGLISH, NC_, Translator
from heritage.places import map_property
from heritage.schema import STATUSES, status_label

STATIC_URL = "/app/static"  # where Streamlit serves the repository's static/ folder
VENDOR_URL = f"{STATIC_URL}/vendor"
LEAFLET_JS = ("leaflet", f"{VENDOR_URL}/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", f"{VENDOR_URL}/leaflet/leaflet.css")
SITES_JS = ("heritage_js", f"{STATIC_URL}/heritage/sites.js")
SITES_CSS = ("heritage_css", f"{STATIC_URL}/heritage/sites.css")
BASEMAP_URLS = (
    f"{STATIC_URL}/basemap/countries.geojson",
    f"{STATIC_URL}/basemap/regions.geojson",
    f"{STATIC_URL}/basemap/places.geojson",  # town and region names, more as you zoom
)

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NATURAL_EARTH_ATTRIBUTION = NC_("legend", "Natural Earth; places: GeoNames (CC BY 4.0)")
# The credits of a small map (the site page), short enough for one line at 360 px.
OSM_ATTRIBUTION_SHORT = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
NATURAL_EARTH_ATTRIBUTION_SHORT = NC_("legend", "Natural Earth, GeoNames (CC BY 4.0)")

# Okabe-Ito colours (safe for the common colour-blindnesses) and a distinct shape per
# status, so that no status is told by colour alone. Shapes are SVG paths on a 20x20 box.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "intact": ("#009E73", "M10 2a8 8 0 1 0 0.01 0z"),
    "at_risk": ("#E69F00", "M10 1 19 18H1z"),
    "damaged": ("#D55E00", "M10 1 19 10 10 19 1 10z"),
    "destroyed": ("#000000", "M3 1 10 8 17 1 19 3 12 10 19 17 17 19 10 12 3 19 1 17 8 10 1 3z"),
    "under_restoration": ("#0072B2", "M2 2H18V18H2z"),
    "restored": ("#56B4E9", "M10 1 12.6 7.4 19.5 7.6 14 11.9 16 18.6 10 14.7 4 18.6 6 11.9 0.5 7.6 7.4 7.4z"),
    "unknown": ("#6E6E6E", "M10 4a6 6 0 1 0 0.01 0z"),
}
# An outline darker than the default white where a fill alone is under 3:1 against the
# basemap's land (#f4f1ea): at risk (orange, about 2:1) and restored (light blue, about 2.2:1).
# Both strokes are above 5:1 (WCAG 2.1 1.4.11, non-text contrast).
STATUS_STROKE = {"at_risk": "#8a5a00", "restored": "#1d6a94"}
STATUS_CODES = {status: code for code, status in enumerate(STATUSES)}


def safe_json(value: object) -> str:
    """JSON that can sit inside a <script>: no `</script>`, no HTML, no line separators.

    The browser code puts every text into the page escaped; this makes the transport
    itself inert too (backticks and `${` are harmless inside a JSON string literal).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


class OfflineMap(folium.Map):
    """A folium Map whose scripts and styles come from the app, never from a CDN."""

    default_js = [LEAFLET_JS, SITES_JS]
    default_css = [LEAFLET_CSS, SITES_CSS]


class _Script(MacroElement):
    """An element whose only output is one call into static/heritage/sites.js."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "HeritageMap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.payload }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, payload: object):
        super().__init__()
        self._name = "HeritageScript"
        self.function = function
        self.payload = safe_json(payload)


@dataclass(frozen=True)
class TileConfig:
    """Online tiles drawn over the offline outlines; `url=None` means outlines only.

    `problem` says, in a sentence, why a configured tile address was not used.
    """

    url: str | None = OSM_TILES
    attribution: str = OSM_ATTRIBUTION
    problem: str | None = None

    @classmethod
    def from_environment(cls) -> TileConfig:
        """`HERITAGE_TILES` = a tile URL template (an office tile server), or `none`.

        A value that is not a template (no `{z}`, `{x}`, `{y}`, not http or https) gives the
        outlines only and a message in the server log, rather than a broken map.
        """
        url = os.environ.get("HERITAGE_TILES", OSM_TILES).strip()
        if url.lower() in ("", "none", "off"):
            return cls(url=None)
        problem = tile_template_problem(url)
        if problem:
            _log_once(problem)
            return cls(url=None, problem=problem)
        attribution = os.environ.get("HERITAGE_TILES_ATTRIBUTION") or (
            OSM_ATTRIBUTION if url == OSM_TILES else "Tiles: " + urlsplit(url).netloc
        )
        return cls(url=url, attribution=attribution)


def map_labels(translator: Translator = ENGLISH) -> dict[str, str]:
    """The texts static/heritage/sites.js writes into the map frame, in the reader's language.

    `{count}` and `{status}` are filled in by the browser (as text, then escaped).
    """
    t = translator
    return {
        "legendTitle": t.pgettext("legend", "Conservation status"),
        "groupLegend": t.pgettext("legend", "group of n sites"),
        "clusterTitle": t.pgettext("legend", "{count} sites"),
        "clusterPart": t.pgettext("legend", "{count} {status}"),
        "clusterHint": t.pgettext("legend", "click to zoom in"),
        "contested": t.pgettext("legend", "sources disagree"),
        "approximate": t.pgettext("legend", "location approximate"),
        "stale": t.pgettext("legend", "status stated over 3 years ago"),
        "changed": t.pgettext("legend", "changed since the date compared"),
        # TRANSLATORS: in a marker's tooltip: who states its status, and when, e.g. "stated 2021-05-28 by Trend".
        "stated": t.pgettext("legend", "stated {date} by {source}"),
        # TRANSLATORS: a site marker's name for screen readers, e.g. "Saatli Mosque, restored".
        "markerName": t.pgettext("legend", "{name}, {status}"),
        "mapTitle": t.pgettext("legend", "Map of heritage sites"),
        "showAll": t.pgettext("legend", "Show all sites"),  # the button over a map that shows no site
    }


def tile_template_problem(url: str) -> str | None:
    """Why `url` is not a usable tile URL template, or None when it is."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"HERITAGE_TILES={url[:100]!r} is not an http or https address. The map shows the outlines only."
    missing = [name for name in ("{z}", "{x}", "{y}") if name not in url]
    if missing:
        return (
            f"HERITAGE_TILES={url[:100]!r} has no {', '.join(missing)}: a tile address looks like "
            "https://tiles.example/{z}/{x}/{y}.png. The map shows the outlines only."
        )
    return None


@functools.cache
def _log_once(message: str) -> None:
    """Said once per server process, at the first map drawn after start."""
    logging.getLogger("heritage").warning(message)


@dataclass(frozen=True)
class MapSetup:
    """How every map of the product starts: Leaflet's options and what HeritageMap.setup draws.

    The live map (folium, through heritage/ui/mapcomponent.py) and the briefing (plain Leaflet in
    a file, heritage/briefing.py) are both built from one of these, so they open alike and carry
    the same legend, outlines, labels and credits.
    """

    center: tuple[float, float]
    zoom: int
    payload: dict  # HeritageMap.setup's (static/heritage/sites.js): styles, labels, basemap, credit
    fit: Bounds | None = None  # fitted on these once drawn (the live map; the briefing fits its sites)
    min_zoom: int = MIN_ZOOM  # the zooms a link may name: what the map reports is checked against them
    max_zoom: int = MAX_ZOOM

    def leaflet_options(self) -> dict:
        """The options of `L.map(element, options)` for a map drawn without folium."""
        return {"center": list(self.center), "zoom": self.zoom, "minZoom": self.min_zoom, "maxZoom": self.max_zoom}


def map_setup(
    bounds: Bounds = AZERBAIJAN,
    basemap_urls: tuple[str, ...] = BASEMAP_URLS,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    translator: Translator = ENGLISH,
    compact: bool = False,
) -> MapSetup:
    """The map fitted on `bounds`, or on `center` at `zoom` when both are given (one site's page).

    `compact` is for a small map: the legend starts folded (a toggle) and the credit is one short line.
    """
    payload = setup_payload(basemap_urls, translator)
    if compact:
        payload.update(compact=True, attribution=translator.pgettext("legend", NATURAL_EARTH_ATTRIBUTION_SHORT))
    if center is not None and zoom is not None:
        return MapSetup(center=center, zoom=zoom, payload=payload)
    return MapSetup(center=bounds.center, zoom=start_zoom(bounds), payload=payload, fit=bounds)


def base_map(tiles: TileConfig = TileConfig(), setup: MapSetup | None = None) -> OfflineMap:
    """The part of the map that does not depend on the filters (only on the reader's language), as folium.

    Built from `setup` (`map_setup`'s answer; by default Azerbaijan's extent in English), as
    the briefing's map is, so both open alike.

    >>> m = base_map(TileConfig(url=None), map_setup(Bounds(south=40.0, west=47.0, north=41.0, east=49.0)))
    >>> m.location
    [40.5, 48.0]
    """
    setup = setup or map_setup()
    fmap = OfflineMap(
        location=list(setup.center),
        zoom_start=setup.zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        # Leaflet's own options (folium's min_zoom / max_zoom bound only a tile layer it would create).
        minZoom=setup.min_zoom,
        maxZoom=setup.max_zoom,
    )
    if setup.fit is not None:
        fmap.fit_bounds(setup.fit.corners())
    _Script("setup", setup.payload).add_to(fmap)
    if tiles.url:
        attribution = tiles.attribution
        if setup.payload.get("compact") and attribution == OSM_ATTRIBUTION:
            attribution = OSM_ATTRIBUTION_SHORT
        folium.TileLayer(tiles=tiles.url, attr=attribution, name="Online map", max_zoom=19).add_to(fmap)
    return fmap


def setup_payload(basemap_urls: tuple[str, ...] = BASEMAP_URLS, translator: Translator = ENGLISH) -> dict:
    """What HeritageMap.setup needs: status styles and labels, basemap files, attribution."""
    styles = {
        status: {
            "label": status_label(status, translator),
            "color": color,
            "path": path,
            "stroke": STATUS_STROKE.get(status, "#fff"),
        }
        for status, (color, path) in STATUS_STYLE.items()
    }
    return {
        "styles": styles,
        "order": list(STATUSES),
        "basemap": list(basemap_urls),
        "attribution": translator.pgettext("legend", NATURAL_EARTH_ATTRIBUTION),
        "labels": map_labels(translator),
        "placeName": map_property(translator.language),
    }


def marker_rows(shown: dict[str, np.ndarray], positions: np.ndarray) -> list[list]:
    """Compact rows [lat, lon, status code, id, name, flags, stated, stated by] that sites.js turns into markers.

    `flags` (heritage.dataset): 1 = sources disagree, 2 = approximate location, 4 = status
    stated more than 3 years before the day shown, 8 = changed since the view's `since`; 0 if
    absent. `stated` / `stated by`: the day and source of the claim that decides the status
    ("" when no one states it).
    """
    flags, stated, stated_by = shown.get("flags"), shown.get("stated"), shown.get("stated_by")
    return [
        [
            round(float(shown["lat"][i]), 6),
            round(float(shown["lon"][i]), 6),
            int(shown["status_code"][i]),
            str(shown["id"][i]),
            str(shown["name"][i]),
            int(flags[i]) if flags is not None else 0,
            _text(stated[i]) if stated is not None else "",
            _text(stated_by[i]) if stated_by is not None else "",
        ]
        for i in positions
    ]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def layer_payload(
    shown: dict[str, np.ndarray],
    layer: ViewLayer,
    selected: str | None = None,
    outlines: list[dict] | None = None,
    no_match: str | None = None,
    arrows_to_page: bool = False,
) -> dict:
    """What sites.js's drawSites() draws: single markers, clusters, the selected site, outlines.

    `shown` holds the shown sites' columns as arrays: lat, lon, status_code, id, name.
    """
    return {
        "singles": marker_rows(shown, layer.singles),
        "clusters": [
            [round(float(lat), 5), round(float(lon), 5), int(count), counts.tolist()]
            for lat, lon, count, counts in zip(
                layer.cluster_lat, layer.cluster_lon, layer.cluster_count, layer.cluster_status
            )
        ],
        "selected": selected,
        "outlines": outlines or [],
        "noMatch": no_match,  # shown over the map when the filters match no site
        # presenter mode: ← → step through scenes even when the map has the focus
        "arrowsToPage": arrows_to_page,
    }


MAX_OUTLINES = 300


def outlines_for(sites, rows: np.ndarray, limit: int = MAX_OUTLINES) -> list[dict]:
    """Outlines of the polygon sites among `rows`, simplified to about a metre, at most `limit`."""
    if not len(rows):
        return []
    shapes = sites["shape"].to_numpy()[rows]
    kept = rows[np.flatnonzero(pd.notna(shapes))[:limit]]  # points have no shape (None)
    statuses = sites["status"].to_numpy()[kept]
    return [
        {"geometry": shape.simplify(0.00001).__geo_interface__, "status": STATUS_CODES[status]}
        for shape, status in zip(sites["shape"].to_numpy()[kept], statuses, strict=True)
    ]
