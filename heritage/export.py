"""The shown sites as files: CSV, GeoJSON and Excel, named after the filters and the date.

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

import pandas as pd

from heritage.filters import SiteFilter, export_parts
from heritage.history import STATED as STATED_COLUMNS
from heritage.schema import COLUMNS
from heritage.sources import geometries
from heritage.spreadsheet import csv_bytes, safe_text_columns, without_controls


def table(sites: pd.DataFrame) -> pd.DataFrame:
    """The record columns plus latitude/longitude; designations as `a;b` text."""
    frame = pd.DataFrame({column: sites[column] for column in COLUMNS})
    frame["designations"] = sites["designations"].map(";".join)
    for column, values in _stated(sites).items():
        frame[column] = values
    frame["sources_disagree"] = _contested(sites)
    frame["latitude"] = sites["lat"].round(6)
    frame["longitude"] = sites["lon"].round(6)
    return frame.reset_index(drop=True)


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


def to_csv(sites: pd.DataFrame) -> bytes:
    return csv_bytes(table(sites))


def to_geojson(sites: pd.DataFrame) -> bytes:
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
        features.append({"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties})
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(sites: pd.DataFrame) -> bytes:
    """Every text cell is stored as text, never as a formula."""
    frame = safe_text_columns(table(sites), defused=False)
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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(site_filter: SiteFilter, extension: str, today: dt.date | None = None) -> str:
    """E.g. `heritage-sites_status-damaged-destroyed_year-2000-2019_2026-11-28.csv`."""
    parts = ["heritage-sites", *export_parts(site_filter)]
    stem = "_".join(part.replace("_", "-") for part in parts)[:150]
    return f"{stem}_{(today or dt.date.today()).isoformat()}.{extension}"
