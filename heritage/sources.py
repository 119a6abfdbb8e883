"""Read a GeoJSON or CSV file of sites into a GeoDataFrame plus a list of problems.

The file is parsed record by record (not with one `geopandas.read_file` call) because a
single bad record must be reported by number, id and field while the valid rest loads;
GDAL would coerce types silently or reject the whole file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from heritage.schema import COLUMNS, TEXT_COLUMNS, Problem, RecordError, check_position, clean_properties
from heritage.spreadsheet import undefuse

MAX_FILE_BYTES = 500 * 1024 * 1024  # a file larger than this is a mistake, not a dataset
GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "sites.geojson"


class DataFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as it is."""


@dataclass
class LoadResult:
    sites: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    records_read: int = 0


def data_path() -> Path:
    """The dataset the dashboard shows: `HERITAGE_DATA` when set, else the shipped file."""
    return Path(os.environ.get("HERITAGE_DATA") or DEFAULT_DATA)


def load_sites(path: str | os.PathLike) -> LoadResult:
    """Load and validate a GeoJSON (.geojson/.json) or CSV (.csv) file of sites.

    Raises DataFileError when the file cannot be read at all.

    >>> result = load_sites(DEFAULT_DATA)
    >>> result.problems
    []
    """
    return build_sites(read_rows(path))


def read_rows(path: str | os.PathLike) -> list[Row]:
    """The file's records as (properties, geometry) rows, not yet validated."""
    path = Path(path)
    return parse_text(_read_text(path), path.name)


def parse_text(text: str, name: str) -> list[Row]:
    """Rows from the text of a file; `name` decides CSV or GeoJSON and names it in messages."""
    if name.lower().endswith(".csv"):
        return _csv_rows(text, name)
    return _geojson_rows(text, name)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataFileError(f"The data file {path} does not exist.") from None
    except OSError as error:
        raise DataFileError(f"The data file {path} cannot be read: {error.strerror}.") from None
    if path.is_dir():
        raise DataFileError(f"{path} is a folder, not a data file.")
    if size > MAX_FILE_BYTES:
        raise DataFileError(
            f"The data file {path} is {size / 1e6:,.0f} MB, more than the "
            f"{MAX_FILE_BYTES / 1e6:,.0f} MB this dashboard reads."
        )
    try:
        return decode(path.read_bytes(), str(path))
    except OSError as error:
        raise DataFileError(f"The data file {path} cannot be read: {error.strerror}.") from None


def decode(raw: bytes, name: str) -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused by name."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{name} is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it as UTF-8; a file from Excel in Windows-1251 needs converting first."
        ) from None


# A row is (properties, geometry-or-error) where geometry is a GeoJSON-like dict.
Row = tuple[dict, object]


def _geojson_rows(text: str, name: str) -> list[Row]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DataFileError(f"{name} is not a GeoJSON FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list):
        raise DataFileError(f"{name} has no list of features.")
    rows = []
    for feature in features:
        if not isinstance(feature, dict):
            rows.append(({}, RecordError("feature", "is not a JSON object")))
            continue
        properties = feature.get("properties")
        rows.append((properties if isinstance(properties, dict) else {}, feature.get("geometry")))
    return rows


def _csv_rows(text: str, name: str) -> list[Row]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fieldnames = reader.fieldnames or []
        records = list(reader)
    except csv.Error as error:
        raise DataFileError(f"{name} is not a readable CSV file: {error}.") from None
    missing = {"latitude", "longitude"} - set(fieldnames)
    if missing:
        raise DataFileError(f"{name} has no {' or '.join(sorted(missing))} column.")
    rows = []
    for record in records:
        # Undo the formula quoting of our own CSV exports ('-7 -> -7), so they load back as written.
        record = {key: undefuse(value) if isinstance(value, str) else value for key, value in record.items()}
        rows.append((record, _csv_point(record.get("longitude"), record.get("latitude"))))
    return rows


def _csv_point(lon: str | None, lat: str | None) -> object:
    try:
        return {"type": "Point", "coordinates": [float(lon), float(lat)]}  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return RecordError("geometry", f"longitude '{lon}' / latitude '{lat}' are not numbers")


def build_sites(rows: list[Row]) -> LoadResult:
    """Validate rows and assemble the GeoDataFrame; the first record of a duplicated id wins."""
    records, geometries, problems = [], [], []
    seen: dict[str, int] = {}
    for number, (properties, geometry) in enumerate(rows, start=1):
        site_id = properties.get("id") if isinstance(properties.get("id"), str) else None
        try:
            record = clean_properties(properties)
            parsed = _geometry(geometry)
        except RecordError as error:
            problems.append(Problem(number, _short_id(site_id), error.field, error.message))
            continue
        if record["id"] in seen:
            problems.append(Problem(number, record["id"], "id", f"duplicate of record {seen[record['id']]}"))
            continue
        seen[record["id"]] = number
        records.append(record)
        geometries.append(parsed)
    if not rows:
        problems.append(Problem(None, None, None, "the file holds no records"))
    return LoadResult(_frame(records, geometries), problems, len(rows))


def _short_id(site_id: str | None) -> str | None:
    return site_id if site_id is None or len(site_id) <= 40 else site_id[:40] + "…"


def _geometry(geometry: object):
    """A shapely geometry, or RecordError; points stay cheap (x, y) tuples until the end."""
    if isinstance(geometry, RecordError):
        raise geometry
    if not isinstance(geometry, dict) or not geometry.get("coordinates"):
        raise RecordError("geometry", "is missing or empty")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise RecordError("geometry", f"type '{kind}' is not one of {', '.join(GEOMETRY_TYPES)}")
    if kind == "Point":
        coordinates = geometry["coordinates"]
        try:
            lon, lat = float(coordinates[0]), float(coordinates[1])
        except (TypeError, ValueError, IndexError):
            raise RecordError("geometry", "point coordinates are not two numbers") from None
        check_position(lon, lat)
        return (lon, lat)
    try:
        parsed = shape(geometry)
    except Exception as error:  # shapely raises several types for malformed rings
        raise RecordError("geometry", f"cannot be read: {error}") from None
    if parsed.is_empty:
        raise RecordError("geometry", "is empty")
    minx, miny, maxx, maxy = parsed.bounds
    check_position(minx, miny)
    check_position(maxx, maxy)
    return parsed


def _frame(records: list[dict], geometries: list) -> gpd.GeoDataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for column in TEXT_COLUMNS:
        # pandas 3 stores missing text as NaN, which is truthy; None keeps "unknown" falsy.
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    geometry = np.empty(len(geometries), dtype=object)
    is_point = np.array([isinstance(g, tuple) for g in geometries], dtype=bool)
    if is_point.any():
        coords = np.array([g for g in geometries if isinstance(g, tuple)], dtype=float)
        geometry[is_point] = shapely.points(coords)
    for index in np.flatnonzero(~is_point):
        geometry[index] = geometries[index]
    sites = gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:4326")
    anchor = sites.geometry.representative_point() if len(sites) else sites.geometry
    sites["lon"] = anchor.x.astype(float) if len(sites) else pd.Series(dtype=float)
    sites["lat"] = anchor.y.astype(float) if len(sites) else pd.Series(dtype=float)
    sites["inscription_year"] = sites["inscription_year"].astype("Int64")
    sites["restoration_progress"] = sites["restoration_progress"].astype("float64")
    return sites
