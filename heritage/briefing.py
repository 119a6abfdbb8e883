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
from heritage.extent import AZERBAIJAN
from heritage.filters import SiteFilter, describe
from heritage.history import change_words, stated_words
from heritage.i18n import N_, Translator, site_names, translator
from heritage.mapping import map_setup, marker_rows, safe_json
from heritage.places import region_name
from heritage.schema import designation_label, status_label
from heritage.stats import indicators

STATIC = Path(__file__).resolve().parent.parent / "static"
SCRIPTS = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "heritage/sites.js",
    "heritage/print.js",  # the scale bar, the north arrow and the map redrawn for paper
)
STYLES = (
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "heritage/sites.css",
    "heritage/print.css",  # A4 or A3 landscape: the map report
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
    language: str = "en"  # the reader's: texts, numbers, dates and the order of names
    title: str = N_("Heritage sites")  # the dashboard's title (heritage.titles), already in `language`
    shipped_sources: bool = False  # the shipped data file: name its public sources (never for another file)


def _read(relative: str) -> str:
    return (STATIC / relative).read_text(encoding="utf-8")


def _script(code: str) -> Markup:
    """Trusted code (our static files, safe_json data) marked safe for the template."""
    return Markup(code.replace("</script", "<\\/script"))


def _tiles(shown: pd.DataFrame, total: int, t: Translator) -> list[tuple[str, str]]:
    figures = indicators(shown, total)
    shown_of = t.gettext("{shown} of {total}").format(shown=t.number(figures.shown), total=t.number(figures.total))
    tiles = [(t.gettext("Sites shown"), shown_of)]
    tiles += [(status_label(s, t), t.number(n)) for s, n in figures.per_status.items() if n]
    mean = "—" if figures.mean_progress is None else f"{t.number(figures.mean_progress, 0)} %"
    tiles.append((t.gettext("Mean restoration progress"), mean))
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


HEADINGS = (N_("Id"), N_("Name"), N_("Status"), N_("Status stated"), N_("Designations"), N_("Inscribed"),
            N_("Progress %"), N_("Region"), N_("Source"))  # fmt: skip


def _rows(shown: pd.DataFrame, t: Translator) -> list[_Row]:
    rows = []
    disagree = " · " + t.pgettext("legend", "sources disagree")
    for site in shown.head(MAX_TABLE_ROWS).itertuples(index=False):
        designations = ", ".join(designation_label(d, t) for d in site.designations)
        year = None if pd.isna(site.inscription_year) else int(site.inscription_year)
        status = status_label(site.status, t) + (disagree if getattr(site, "contested", False) else "")
        progress = None if pd.isna(site.restoration_progress) else t.number(site.restoration_progress)
        name = site_names(site.name, site.name_local, t.language)
        name = f"{name.first} ({name.other})" if name.other else name.first
        region = region_name(site.region, t.language) if isinstance(site.region, str) else None
        stated = stated_words(site._asdict(), t)  # since when, and who says so
        values = (site.id, name, status, stated, designations, year, progress, region)
        rows.append(_Row(tuple(_text(v) for v in values), _text(site.source), site.source_url or None))
    return rows


def _map_script(dataset: Dataset, mask: np.ndarray, selected: str | None, t: Translator) -> str:
    shown = dataset.shown_columns(mask, t.language)
    positions = np.arange(min(len(shown["id"]), MAX_MAP_SITES))
    bounds = None
    if len(positions):
        lat, lon = shown["lat"][positions], shown["lon"][positions]
        bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]
    # The live map's own set-up (heritage/mapping.py): its zooms, legend, labels and credits.
    setup = map_setup(dataset.bounds or AZERBAIJAN, tuple(BASEMAPS), translator=t)
    data = {"singles": marker_rows(shown, positions), "selected": selected, "bounds": bounds}
    # The arrow's letter: "N" in English, "Ş" (şimal) in Azerbaijani, "С" in Russian.
    printing = {"north": t.pgettext("north arrow", "N"), "northLabel": t.gettext("North"), "bounds": bounds}
    basemaps = ("[" + ",".join(_read(b) for b in BASEMAPS) + "]").replace("</", "<\\/")
    return (
        f"var map = L.map('map', {safe_json(setup.leaflet_options())});\n"
        f"HeritageMap.inlineBasemap = {basemaps};\n"
        f"HeritageMap.setup(map, {safe_json(setup.payload)});\n"
        f"HeritageMap.drawAll(map, {safe_json(data)});\n"
        f"HeritageMap.printable(map, {safe_json(printing)});\n"
    )


def briefing_html(dataset: Dataset, briefing: Briefing) -> str:
    """The whole briefing page as one string, from templates/briefing.html.j2 (autoescaped)."""
    t = translator(briefing.language)
    dataset = dataset.as_of(briefing.site_filter.day, briefing.site_filter.since_day)  # the record on the view's date
    mask = dataset.mask(briefing.site_filter)
    shown = dataset.sites[mask]
    generated = briefing.generated or dt.datetime.now().replace(microsecond=0)
    live = briefing.live_url if briefing.live_url and briefing.live_url.startswith(("http://", "https://")) else None
    map_script = _map_script(dataset, mask, briefing.selected, t)
    return _TEMPLATES.get_template("briefing.html.j2").render(
        language=t.language,
        words=describe(briefing.site_filter, len(shown), t),
        styles=Markup("\n".join(_read(s) for s in STYLES) + PAGE_STYLE),
        text=_texts(t, briefing, shown, generated),
        live_url=live,
        tiles=_tiles(shown, len(dataset.sites), t),
        map_total=len(shown),
        map_limit=MAX_MAP_SITES,
        scripts=[*(_script(_read(s)) for s in SCRIPTS), _script(map_script)],
        headings=[t.gettext(heading) for heading in HEADINGS],
        rows=_rows(shown, t),
        changes=[change_words(row, t) for _, row in dataset.changes(mask).iterrows()][:MAX_TABLE_ROWS],
        table_total=len(shown),
        table_limit=MAX_TABLE_ROWS,
    )


def _day(value: object, t: Translator) -> str:
    try:
        return t.date(str(value))
    except ValueError:
        return str(value)


def _texts(t: Translator, briefing: Briefing, shown: pd.DataFrame, generated: dt.datetime) -> dict[str, str]:
    """The page's own sentences in the reader's language; the template escapes them."""
    _ = t.gettext
    updated = shown["updated"].dropna()
    data_date = (
        _("records updated up to {date}").format(date=_day(updated.max(), t))
        if len(updated)
        else _("record dates not stated")
    )
    total, map_limit, table_limit = t.number(len(shown)), t.number(MAX_MAP_SITES), t.number(MAX_TABLE_ROWS)
    return {
        "heading": _("{title}: briefing").format(title=t.gettext(briefing.title)),
        "page_title": _("Heritage Map briefing: {selection}"),
        "meta": _("Snapshot made {when}; data: {data_date}.").format(
            when=f"{t.date(generated.date())} {generated.strftime('%H:%M')}", data_date=data_date
        ),
        "live": _("Open the live view"),
        "map_limit": _("The map shows the first {shown} of {total} sites.").format(shown=map_limit, total=total),
        "map_label": _("Map of the sites in this briefing"),
        "sites": _("Sites"),
        "table_limit": _(
            "The first {shown} of {total} sites are listed; the live view and the exports hold all."
        ).format(shown=table_limit, total=total),
        "sources": _("Sources and licences"),
        # TRANSLATORS: heading of the briefing's list of the sites whose status changed since a date.
        "changes": _("Since our last meeting ({since}): what changed").format(since=briefing.site_filter.since),
        "sources_text": (
            _(
                "Monuments: the Azerbaijani heritage registry in Wikidata (CC0). World Heritage inscriptions: the "
                "UNESCO World Heritage List. Islamic World Heritage: ICESCO. Outlines: Natural Earth (public domain). "
                "Place names: GeoNames (CC BY 4.0). "
            )
            if briefing.shipped_sources
            else ""
        )
        + _("A status or progress is shown only where a public source states it; each site's source is in the table."),
    }
