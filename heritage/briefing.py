"""The briefing snapshot: one self-contained HTML file of the current view that opens offline.

Leaflet, the clustering plugin, the basemap outlines, the markers and the table are all
inside the file, so it still works when the live link fails in a meeting. The page is a
Jinja2 template with autoescape on, so every text from the data is escaped unless marked
safe here (only our own static files and safe_json data are); data inside the map script
goes through safe_json.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from heritage.dataset import Dataset
from heritage.extent import AZERBAIJAN, start_zoom
from heritage.filters import SiteFilter, describe
from heritage.mapping import STATUS_STYLE, marker_rows, safe_json
from heritage.schema import DESIGNATIONS, STATUSES
from heritage.stats import indicators

STATIC = Path(__file__).resolve().parent.parent / "static"
SCRIPTS = ("vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js", "heritage/sites.js")
STYLES = (
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "heritage/sites.css",
)
BASEMAPS = ("basemap/countries.geojson", "basemap/regions.geojson", "basemap/places.geojson")  # places: names
MAX_MAP_SITES = 20_000  # beyond this a browser struggles without a server to cluster
MAX_TABLE_ROWS = 2_000
_TEMPLATES = Environment(loader=PackageLoader("heritage", "templates"), autoescape=True, keep_trailing_newline=True)

PAGE_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px; color: #222; }
h1 { margin: 0 0 4px; } .selection { font-size: 18px; margin: 0 0 12px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.tile b { display: block; font-size: 26px; }
#map { height: 560px; border: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin-top: 12px; font-size: 13px; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 6px; text-align: left; vertical-align: top; }
.meta { color: #555; font-size: 13px; }
"""


@dataclass(frozen=True)
class Briefing:
    site_filter: SiteFilter
    live_url: str | None = None
    selected: str | None = None
    generated: dt.datetime | None = None


def _read(relative: str) -> str:
    return (STATIC / relative).read_text(encoding="utf-8")


def _script(code: str) -> Markup:
    """Trusted code (our static files, safe_json data) marked safe for the template."""
    return Markup(code.replace("</script", "<\\/script"))


def _tiles(shown: pd.DataFrame, total: int) -> list[tuple[str, str]]:
    figures = indicators(shown, total)
    tiles = [("Sites shown", f"{figures.shown:,} of {figures.total:,}")]
    tiles += [(STATUSES[s], f"{n:,}") for s, n in figures.per_status.items() if n]
    mean = "—" if figures.mean_progress is None else f"{figures.mean_progress:.0f} %"
    tiles.append(("Mean restoration progress", mean))
    return tiles


def _text(value: object) -> str:
    """A table cell's text; a missing value is an empty cell, never "nan"."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    source: str
    source_url: str | None


HEADINGS = ("Id", "Name", "Status", "Designations", "Inscribed", "Progress %", "Region", "Source")


def _rows(shown: pd.DataFrame) -> list[_Row]:
    rows = []
    for site in shown.head(MAX_TABLE_ROWS).itertuples(index=False):
        designations = ", ".join(DESIGNATIONS[d] for d in site.designations)
        year = None if pd.isna(site.inscription_year) else int(site.inscription_year)
        status = STATUSES[site.status] + (" · sources disagree" if getattr(site, "contested", False) else "")
        values = (site.id, site.name, status, designations, year, site.restoration_progress, site.region)
        rows.append(_Row(tuple(_text(v) for v in values), _text(site.source), site.source_url or None))
    return rows


def _map_script(dataset: Dataset, mask: np.ndarray, selected: str | None) -> str:
    shown = dataset.shown_columns(mask)
    positions = np.arange(min(len(shown["id"]), MAX_MAP_SITES))
    bounds = None
    if len(positions):
        lat, lon = shown["lat"][positions], shown["lon"][positions]
        bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]
    styles = {
        s: {"label": label, "color": STATUS_STYLE[s][0], "path": STATUS_STYLE[s][1]} for s, label in STATUSES.items()
    }
    config = {
        "styles": styles,
        "order": list(STATUSES),
        "basemap": list(BASEMAPS),
        "attribution": "Outlines: Natural Earth (public domain); places: GeoNames (CC BY 4.0)",
    }
    data = {"singles": marker_rows(shown, positions), "selected": selected, "bounds": bounds}
    start = dataset.bounds or AZERBAIJAN
    basemaps = ("[" + ",".join(_read(b) for b in BASEMAPS) + "]").replace("</", "<\\/")
    return (
        f"var map = L.map('map', {{center: {safe_json(start.center)}, zoom: {start_zoom(start)}, "
        "minZoom: 1, maxZoom: 18});\n"
        f"HeritageMap.inlineBasemap = {basemaps};\n"
        f"HeritageMap.setup(map, {safe_json(config)});\n"
        f"HeritageMap.drawAll(map, {safe_json(data)});\n"
    )


def briefing_html(dataset: Dataset, briefing: Briefing) -> str:
    """The whole briefing page as one string, from templates/briefing.html.j2 (autoescaped)."""
    mask = dataset.mask(briefing.site_filter)
    shown = dataset.sites[mask]
    generated = briefing.generated or dt.datetime.now().replace(microsecond=0)
    updated = shown["updated"].dropna()
    live = briefing.live_url if briefing.live_url and briefing.live_url.startswith(("http://", "https://")) else None
    return _TEMPLATES.get_template("briefing.html.j2").render(
        words=describe(briefing.site_filter, len(shown)),
        styles=Markup("\n".join(_read(s) for s in STYLES) + PAGE_STYLE),
        generated=generated.isoformat(sep=" "),
        data_date=f"records updated up to {updated.max()}" if len(updated) else "record dates not stated",
        live_url=live,
        tiles=_tiles(shown, len(dataset.sites)),
        map_total=len(shown),
        map_limit=MAX_MAP_SITES,
        scripts=[*(_script(_read(s)) for s in SCRIPTS), _script(_map_script(dataset, mask, briefing.selected))],
        headings=HEADINGS,
        rows=_rows(shown),
        table_total=len(shown),
        table_limit=MAX_TABLE_ROWS,
    )
