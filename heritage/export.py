"""The shown sites as files: CSV, GeoJSON, Excel and GeoPackage, named after the filters and the date.

(JSON-LD in CIDOC CRM terms is heritage/linkedart.py.) Every file names the licence of each
part of its data (heritage/licences.py): a `licence` column in CSV and the GeoPackage (a CSV
has no other place that still loads back through Import), a `license` member in GeoJSON, a
README sheet in Excel, and the GeoPackage's metadata table as well.

Exports use the site record's own columns, so an exported CSV or GeoJSON loads back
into the dashboard (and through `python -m heritage validate`). GeoJSON keeps the text
exactly. CSV and Excel drop control characters (Excel refuses them), and CSV quotes text
that a spreadsheet would run as a formula (`-7` is written `'-7`); importing a CSV removes
that quote again (heritage/spreadsheet.py holds both rules).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pandas as pd

from heritage import licences
from heritage.crosswalk import state_of_conservation
from heritage.filters import SiteFilter, export_parts
from heritage.history import STATED as STATED_COLUMNS
from heritage.linkedart import to_jsonld
from heritage.schema import COLUMNS
from heritage.sources import geometries
from heritage.spreadsheet import csv_bytes, safe_text_columns, without_controls


def table(sites: pd.DataFrame, shipped: bool = False) -> pd.DataFrame:
    """The record columns plus the Wikidata crosswalk, the licence and latitude/longitude; designations as `a;b`."""
    frame = pd.DataFrame({column: sites[column] for column in COLUMNS})
    frame["designations"] = sites["designations"].map(";".join)
    for column, values in _stated(sites).items():
        frame[column] = values
    frame["wikidata_state_of_conservation"] = sites["status"].map(state_of_conservation)
    frame["licence"] = row_licence(shipped)
    frame["sources_disagree"] = _contested(sites)
    frame["latitude"] = sites["lat"].round(6)
    frame["longitude"] = sites["lon"].round(6)
    return frame.reset_index(drop=True)


def row_licence(shipped: bool) -> str:
    """The terms of one record, short enough for a column."""
    if shipped:
        return "record: Wikidata, CC0 1.0; status, progress: facts, cite source and source_url"
    return "record: the data file publisher's terms; status, progress: facts, cite source and source_url"


def _contested(sites: pd.DataFrame) -> list[bool]:
    """The "sources disagree" flag of each site (False where the data has no such column)."""
    if "contested" not in sites:
        return [False] * len(sites)
    return [bool(value) for value in sites["contested"]]


def _stated(sites: pd.DataFrame) -> dict[str, list]:
    """Since when each status is stated, and by whom (derived, like sources_disagree: the import ignores them)."""
    return {
        column: [value if isinstance(value, str) else None for value in sites[column]]
        if column in sites
        else [None] * len(sites)
        for column in STATED_COLUMNS
    }


def to_csv(sites: pd.DataFrame, shipped: bool = False) -> bytes:
    return csv_bytes(table(sites, shipped))


def geojson_features(sites: pd.DataFrame) -> list[dict]:
    """Each site as a GeoJSON Feature with the record's properties (the export's and the API's)."""
    features = []
    shapes = geometries(sites)
    stated = _stated(sites)
    for position, (record, geometry, contested) in enumerate(
        zip(sites[list(COLUMNS)].to_dict("records"), shapes, _contested(sites))
    ):
        record["designations"] = list(record["designations"])
        record["inscription_year"] = None if pd.isna(record["inscription_year"]) else int(record["inscription_year"])
        progress = record["restoration_progress"]
        record["restoration_progress"] = None if pd.isna(progress) else float(progress)
        properties = {key: (None if value is pd.NA else without_controls(value)) for key, value in record.items()}
        properties.update({column: values[position] for column, values in stated.items()})
        properties["sources_disagree"] = bool(contested)
        properties["wikidata_state_of_conservation"] = state_of_conservation(record["status"])
        features.append({"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties})
    return features


def to_geojson(sites: pd.DataFrame, shipped: bool = False) -> bytes:
    document = {"type": "FeatureCollection", "license": licences.lines(shipped), "features": geojson_features(sites)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(sites: pd.DataFrame, shipped: bool = False) -> bytes:
    """Every text cell is stored as text, never as a formula; a README sheet names the licences."""
    frame = safe_text_columns(table(sites, shipped), defused=False)
    from openpyxl import Workbook  # 0.35 s to import: paid by the first spreadsheet export, not by every start

    book = Workbook()
    sheet = book.active
    sheet.title = "Sites"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(value) else value for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    readme = book.create_sheet("README")
    for line in ["Heritage Map export: sources and licences", *licences.lines(shipped)]:
        readme.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_gpkg(sites: pd.DataFrame, shipped: bool = False) -> bytes:
    """One layer, `sites`, with every column of the CSV export; the licences in the file's metadata.

    Written by pyogrio (GDAL). Mixed geometries (points and outlines) are written as one layer of
    type Unknown, which QGIS opens.
    """
    import geopandas  # 1 s to import: paid by the first GeoPackage export, not by every start
    import pyogrio

    frame = geopandas.GeoDataFrame(table(sites, shipped), geometry=list(geometries(sites)), crs="EPSG:4326")
    metadata = {"LICENSE": " | ".join(licences.lines(shipped)), "DESCRIPTION": "Heritage Map export of the shown sites"}
    buffer = io.BytesIO()
    pyogrio.write_dataframe(frame, buffer, layer="sites", driver="GPKG", geometry_type="Unknown", metadata=metadata)
    return buffer.getvalue()


def file_name(site_filter: SiteFilter, extension: str, today: dt.date | None = None) -> str:
    """E.g. `heritage-sites_status-damaged-destroyed_year-2000-2019_2026-11-28.csv`."""
    parts = ["heritage-sites", *export_parts(site_filter)]
    stem = "_".join(part.replace("_", "-") for part in parts)[:150]
    return f"{stem}_{(today or dt.date.today()).isoformat()}.{extension}"


Writer = Callable[[pd.DataFrame, pd.DataFrame, bool], bytes]  # (sites, observations, shipped) -> file


def writers() -> dict[str, tuple[str, Writer]]:
    """Every export format by file extension: its media type and its writer (sites, observations, shipped).

    One list for the Sites table's downloads and `python -m heritage export`.
    """

    def records_only(write: Callable[[pd.DataFrame, bool], bytes]) -> Writer:
        return lambda sites, observations, shipped: write(sites, shipped)

    return {
        "csv": ("text/csv", records_only(to_csv)),
        "geojson": ("application/geo+json", records_only(to_geojson)),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", records_only(to_xlsx)),
        "gpkg": ("application/geopackage+sqlite3", records_only(to_gpkg)),
        "jsonld": ("application/ld+json", to_jsonld),
    }
