"""Read a GeoJSON or CSV file of sites into a frame plus a list of problems.

The file is parsed record by record (not with one `geopandas.read_file` call) because a
single bad record must be reported by number, id and field while the valid rest loads;
GDAL would coerce types silently or reject the whole file.

A site's place is its marker, `lon`/`lat` (float64, the file's coordinates for a point, a
point inside the shape otherwise), and `shape`, the shapely outline of a site that is not
a point (None for a point). A million points are never turned into a million shapely
objects: `geometries` builds them only for the rows that need one (an export).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import json
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from heritage.schema import COLUMNS, Problem, RecordError, check_position, clean_properties
from heritage.spreadsheet import undefuse

MAX_FILE_BYTES = 2 * 1024**3  # a file larger than this is a mistake, not a dataset
GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "sites.geojson"
CHUNK_RECORDS = 25_000  # records validated at a time: bounds memory to one chunk of parsed JSON
READ_CHARS = 1 << 20  # characters read from the file at a time
MAX_INT_DIGITS = 4000  # Python refuses to parse longer integers (a ValueError, not a JSON error)


class DataFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as it is."""


@dataclass
class LoadResult:
    sites: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    records_read: int = 0
    # 1-based position in the file of each row of `sites`, so a caller can go back to the record.
    record_numbers: list[int] = field(default_factory=list)
    valid: int = 0  # records that passed; equals len(sites) unless the sites were not kept


# Called with (fraction of the file read, records read so far) after each chunk.
Progress = Callable[[float, int], None]

# A row is (properties, geometry-or-error) where geometry is a GeoJSON-like dict.
Row = tuple[dict, object]


def data_path() -> Path:
    """The dataset the dashboard shows: `HERITAGE_DATA` when set, else the shipped file."""
    return Path(os.environ.get("HERITAGE_DATA") or DEFAULT_DATA)


def load_sites(path: str | os.PathLike, progress: Progress | None = None, keep_sites: bool = True) -> LoadResult:
    """Load and validate a GeoJSON (.geojson/.json) or CSV (.csv) file of sites.

    The file is read and validated in chunks of CHUNK_RECORDS records, so memory holds one
    chunk of parsed JSON at a time, not the whole document. Raises DataFileError when the
    file cannot be read at all. With `keep_sites=False` (the validate command) only the
    problems and counts are kept, so memory stays that of one chunk whatever the file's size.

    >>> result = load_sites(DEFAULT_DATA)
    >>> result.problems
    []
    """
    path = Path(path)
    size = _checked_size(path)
    try:
        with path.open("rb") as handle:
            reader = _TextReader(handle, path.name)  # messages name the file, never its folders
            rows = _rows(reader, path.name)
            if progress is None:
                return build_sites(rows, keep_sites=keep_sites)
            return build_sites(
                rows, lambda records: progress(min(reader.bytes_read / max(size, 1), 1.0), records), keep_sites
            )
    except OSError as error:
        raise DataFileError(f"The data file {path.name} cannot be read: {error.strerror}.") from None


def parse_text(text: str, name: str) -> list[Row]:
    """Rows from the text of a file; `name` decides CSV or GeoJSON and names it in messages."""
    return list(iter_rows(text, name))


def iter_rows(text: str, name: str) -> Iterator[Row]:
    """parse_text() one row at a time, so a file of millions of tiny records is never all in memory."""
    return _rows(_TextReader(io.StringIO(text), name), name)


def _rows(reader: _TextReader, name: str) -> Iterator[Row]:
    if name.lower().endswith(".csv"):
        return _csv_rows(reader, name)
    return _geojson_rows(reader, name)


def _checked_size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataFileError(f"The data file {path.name} does not exist.") from None
    except OSError as error:
        raise DataFileError(f"The data file {path.name} cannot be read: {error.strerror}.") from None
    if path.is_dir():
        raise DataFileError(f"{path.name} is a folder, not a data file.")
    if size > MAX_FILE_BYTES:
        raise DataFileError(
            f"The data file {path.name} is {size / 1e6:,.0f} MB, more than the "
            f"{MAX_FILE_BYTES / 1e6:,.0f} MB this dashboard reads."
        )
    return size


def decode(raw: bytes, name: str) -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused by name."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(name, error.start + 1) from None


def _not_utf8(name: str, byte: int) -> DataFileError:
    return DataFileError(
        f"{name} is not UTF-8 text (byte {byte} cannot be read). "
        "Save it as UTF-8; a file from Excel in Windows-1251 needs converting first."
    )


class _TextReader:
    """Text from a binary (or text) file in pieces, decoded as UTF-8 with the byte position kept."""

    def __init__(self, handle: BinaryIO | TextIO, name: str):
        self.handle = handle
        self.name = name
        self.bytes_read = 0
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def read(self, chars: int = READ_CHARS) -> str:
        """Up to about `chars` characters; "" at the end of the file."""
        while True:
            raw = self.handle.read(chars)
            if isinstance(raw, str):
                return raw
            final = not raw
            try:
                text = self._decoder.decode(raw, final=final)
            except UnicodeDecodeError as error:
                raise _not_utf8(self.name, self.bytes_read + error.start + 1) from None
            self.bytes_read += len(raw)
            if text or final:
                return text


class _JsonStream:
    """A JSON text read piece by piece: one value at a time is decoded, never the whole file.

    `json.JSONDecoder.raw_decode` does the parsing (in C); this class only feeds it text
    and walks the top-level object by hand, so a million features never exist as one list.
    """

    def __init__(self, reader: _TextReader, name: str):
        self.reader = reader
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.decoder = json.JSONDecoder(parse_int=_parse_int)

    def _fill(self) -> bool:
        """Append more text (more each time, so a long value costs few retries); False at the end."""
        if self.eof:
            return False
        if self.pos:
            self.lines_before += self.buffer.count("\n", 0, self.pos)
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        more = self.reader.read(max(READ_CHARS, len(self.buffer)))
        if not more:
            self.eof = True
            return False
        self.buffer += more
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), without consuming it."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def expect(self, characters: str) -> str:
        found = self.peek()
        if not found or found not in characters:
            raise self.error("Expecting " + " or ".join(repr(c) for c in characters))
        self.pos += 1
        return found

    def value(self) -> object:
        """Decode the next JSON value; reads more text while the value is cut off."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                raise self.error(error.msg, error.pos) from None
            except RecursionError:
                raise DataFileError(
                    f"{self.name} cannot be read: it is nested too deeply (line {self._line()})."
                ) from None
            except ValueError as error:  # e.g. a number Python cannot hold
                raise DataFileError(f"{self.name} cannot be read at line {self._line()}: {error}.") from None
            if end == len(self.buffer) and self._fill():
                continue  # a number may go on in the next piece
            self.pos = end
            return value

    def _line(self, at: int | None = None) -> int:
        return self.lines_before + self.buffer.count("\n", 0, self.pos if at is None else at) + 1

    def error(self, message: str, at: int | None = None) -> DataFileError:
        at = self.pos if at is None else at
        column = at - self.buffer.rfind("\n", 0, at)
        return DataFileError(f"{self.name} is not valid JSON: {message} at line {self._line(at)}, column {column}.")


def _parse_int(text: str) -> int | float:
    # A 5,000-digit integer would raise ValueError; as a float it is infinite, which the
    # field's rule then reports for that record.
    return int(text) if len(text) <= MAX_INT_DIGITS else float(text)


def _geojson_rows(reader: _TextReader, name: str) -> Iterator[Row]:
    """The features of a FeatureCollection, one at a time; other members are checked, not kept."""
    stream = _JsonStream(reader, name)
    if stream.peek() != "{":
        if stream.peek() == "":
            raise DataFileError(f"{name} is empty.")
        stream.value()  # valid JSON that is not an object, or the JSON error
        raise DataFileError(f"{name} is not a GeoJSON FeatureCollection.")
    stream.expect("{")
    kind, has_features = None, False
    while stream.peek() != "}":
        key = stream.value()
        stream.expect(":")
        if key == "features" and stream.peek() == "[":
            has_features = True
            yield from _features(stream)
        elif key == "type":
            kind = stream.value()
        else:
            stream.value()
        if stream.expect(",}") == "}":
            break
    else:
        stream.expect("}")
    if stream.peek():
        raise stream.error("Extra data")
    if kind != "FeatureCollection":
        raise DataFileError(f"{name} is not a GeoJSON FeatureCollection.")
    if not has_features:
        raise DataFileError(f"{name} has no list of features.")


def _features(stream: _JsonStream) -> Iterator[Row]:
    stream.expect("[")
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        feature = stream.value()
        if not isinstance(feature, dict):
            yield ({}, RecordError("feature", "is not a JSON object"))
        else:
            properties = feature.get("properties")
            yield (properties if isinstance(properties, dict) else {}, feature.get("geometry"))
        if stream.expect(",]") == "]":
            return


class _LineSource:
    """Lines for csv.reader, read lazily through the UTF-8 reader (only \n, \r\n and \r end a line)."""

    LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")

    def __init__(self, reader: _TextReader):
        self.reader = reader

    def __iter__(self) -> Iterator[str]:
        pending = ""
        while text := self.reader.read():
            *lines, pending = self.LINE_END.split(pending + text)
            yield from lines
        if pending:
            yield pending


def _csv_rows(reader: _TextReader, name: str) -> Iterator[Row]:
    try:
        records = csv.DictReader(iter(_LineSource(reader)))
        fieldnames = records.fieldnames or []
        missing = {"latitude", "longitude"} - set(fieldnames)
        if missing:
            raise DataFileError(f"{name} has no {' or '.join(sorted(missing))} column.")
        for record in records:
            # Undo the formula quoting of our own CSV exports ('-7 -> -7), so they load back as written.
            record = {key: undefuse(value) if isinstance(value, str) else value for key, value in record.items()}
            yield (record, _csv_point(record.get("longitude"), record.get("latitude")))
    except csv.Error as error:
        raise DataFileError(f"{name} is not a readable CSV file: {error}.") from None


def _csv_point(lon: str | None, lat: str | None) -> object:
    try:
        return {"type": "Point", "coordinates": [float(lon), float(lat)]}  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return RecordError("geometry", f"longitude '{lon}' / latitude '{lat}' are not numbers")


def build_sites(
    rows: Iterable[Row],
    progress: Callable[[int], None] | None = None,
    keep_sites: bool = True,
    problems: MutableSequence[Problem] | None = None,
) -> LoadResult:
    """Validate rows chunk by chunk and assemble the frame; the first record of a duplicated id wins.

    `progress` is called with the number of records read after each chunk. Without
    `keep_sites`, each chunk's valid records are counted and dropped. `problems`: where
    problems go (e.g. a bounded heritage.problemlog.ProblemLog); a new list by default.
    """
    with _collector_paused():
        return _build_sites(rows, progress, keep_sites, [] if problems is None else problems)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while records are validated, on again afterwards.

    Validation makes millions of short-lived dicts, lists and tuples, each of which counts
    towards the collector's next run, and every run walks all the objects still alive: a
    tenth of a first load at a million sites. These objects form no cycles; reference
    counting frees them either way. (The switch is process-wide: other threads' cycles are
    collected after the load instead of during it.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_sites(
    rows: Iterable[Row], progress: Callable[[int], None] | None, keep_sites: bool, problems: MutableSequence[Problem]
) -> LoadResult:
    parts, numbers = [], []
    seen: dict[str, int] = {}
    records, geometries = [], []
    count = 0
    for count, (properties, geometry) in enumerate(rows, start=1):
        problem = _check(count, properties, geometry, seen, records, geometries)
        if problem:
            problems.append(problem)
        else:
            numbers.append(count)
        if count % CHUNK_RECORDS == 0:
            if keep_sites:
                parts.append(_frame(records, geometries))
            records, geometries = [], []
            if progress:
                progress(count)
    if not keep_sites:
        parts = [_frame([], [])]
    elif records or not parts:
        parts.append(_frame(records, geometries))
    if progress:
        progress(count)
    if count == 0:
        problems.append(Problem(None, None, None, "the file holds no records"))
    sites = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    return LoadResult(sites, problems, count, numbers if keep_sites else [], len(numbers))


def _check(
    number: int, properties: dict, geometry: object, seen: dict, records: list, geometries: list
) -> Problem | None:
    """Validate one record; append it when valid, else say what is wrong."""
    try:
        record = clean_properties(properties)
        parsed = _geometry(geometry)
    except RecordError as error:
        site_id = properties.get("id")
        shown = str(site_id) if isinstance(site_id, (str, int)) and not isinstance(site_id, bool) else None
        return Problem(number, _short_id(shown.strip() if shown else None), error.field, error.message)
    if record["id"] in seen:
        return Problem(number, record["id"], "id", f"duplicate of record {seen[record['id']]}")
    seen[record["id"]] = number
    records.append(record)
    geometries.append(parsed)
    return None


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
        if type(coordinates) is not list or not 2 <= len(coordinates) <= 3 or not all(map(_is_number, coordinates)):
            raise RecordError("geometry", "point coordinates are not two numbers")
        lon, lat = float(coordinates[0]), float(coordinates[1])
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


def _is_number(value: object) -> bool:
    """A JSON number: `true`, "4740" and {"a": 1} are not coordinates."""
    return type(value) is float or type(value) is int  # bool is a subclass of int, so not isinstance


_RECORD_VALUES = operator.itemgetter(*COLUMNS)


def _frame(records: list[dict], geometries: list) -> pd.DataFrame:
    """The valid records with their marker (`lon`, `lat`) and, for a shape, its `shape`.

    Built column by column from the records' values, typed as the loader's frame is: text
    as Python objects (None for missing; REPEATED_TEXT shared per value), designations as
    tuples, years as Int64, progress as float. Letting pandas infer the columns of a list
    of dicts took a quarter of a first load (it made Arrow strings, then text again).
    """
    values = list(zip(*map(_RECORD_VALUES, records), strict=True)) if records else [()] * len(COLUMNS)
    columns: dict[str, pd.Series] = {}
    for name, column in zip(COLUMNS, values, strict=True):
        array = np.empty(len(column), dtype=object)
        array[:] = column
        if name == "inscription_year":
            columns[name] = pd.Series(pd.array(array, dtype="Int64"), copy=False)
        elif name == "restoration_progress":
            columns[name] = pd.Series(array.astype(np.float64), copy=False)  # None becomes NaN
        elif name in REPEATED_TEXT:
            columns[name] = compact_text(pd.Series(array, dtype=object, name=name, copy=False))
        else:
            columns[name] = pd.Series(array, dtype=object, copy=False)
    is_point = np.fromiter((type(g) is tuple for g in geometries), dtype=bool, count=len(geometries))
    anchors = np.full((len(geometries), 2), np.nan)
    outlines = np.full(len(geometries), None, dtype=object)
    if is_point.any():
        anchors[is_point] = np.array([g for g in geometries if type(g) is tuple], dtype=float)
    shapes = np.flatnonzero(~is_point)
    if len(shapes):
        outlines[shapes] = [geometries[index] for index in shapes]
        # A marker inside the shape, which a polygon's centroid is not always.
        anchor = shapely.point_on_surface(outlines[shapes])
        anchors[shapes] = np.column_stack([shapely.get_x(anchor), shapely.get_y(anchor)])
    columns["shape"] = pd.Series(outlines, dtype=object, copy=False)
    columns["lon"] = pd.Series(anchors[:, 0].copy(), copy=False)
    columns["lat"] = pd.Series(anchors[:, 1].copy(), copy=False)
    return pd.DataFrame(columns, copy=False)


def geometries(sites: pd.DataFrame) -> np.ndarray:
    """Each site's geometry as shapely: its `shape`, or a point at its marker.

    Built on demand, for the rows asked for only: a million shapely points cost a second
    and hundreds of megabytes that the map never needs (it draws markers from lon/lat).
    """
    result = sites["shape"].to_numpy(dtype=object, copy=True)
    points = np.flatnonzero(pd.isna(result))
    if len(points):
        result[points] = shapely.points(sites["lon"].to_numpy()[points], sites["lat"].to_numpy()[points])
    return result


# Columns whose values repeat across many sites: each distinct value is stored once.
REPEATED_TEXT = ("status", "category", "region", "source", "source_url", "updated")


def compact_text(column: pd.Series) -> pd.Series:
    """Text as Python objects with None for missing; in REPEATED_TEXT columns each distinct value once.

    None (not pandas 3's NaN, which is truthy) keeps "unknown" falsy for every caller.
    Sharing repeated values (statuses, regions, sources: a handful of distinct strings
    over a million rows) saves one string object per row.
    """
    if column.name not in REPEATED_TEXT:
        values = column.to_numpy(dtype=object, na_value=None)
        return pd.Series(values, index=column.index, dtype=object, name=column.name)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values = np.empty(len(uniques) + 1, dtype=object)  # the last slot, index -1, is None
    values[: len(uniques)] = np.asarray(uniques, dtype=object)
    return pd.Series(values[codes], index=column.index, dtype=object, name=column.name)
