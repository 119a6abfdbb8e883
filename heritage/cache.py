"""The validated base data as a columnar file, keyed by the source file's content hash.

Parsing and validating a million GeoJSON features takes tens of seconds; reading the
same sites back takes under a second, most of it making Python strings of the text. So
the first load writes what it validated next to the data (`HERITAGE_CACHE_DIR`, default
`data/cache/`, never committed), and every later start with the same file reads that instead.

One entry is a folder named for the source and the SHA-256 of its bytes:

    <cache dir>/<file name>-<first 24 hex digits of the hash>-v<FORMAT>/
        sites.arrow     the sites as an Arrow IPC file, uncompressed: markers as lon/lat float64
                        columns, the outline of a site that is not a point as WKB (null for a
                        point), repeated text (REPEATED_TEXT, designations) dictionary-encoded
        about.json      the problems, the number of records read, the row count, and the file's
                        record number of each site (as ranges of consecutive numbers)
        checksum.json   the SHA-256 of sites.arrow and of about.json, written last

The hash of a 500 MB file takes half a second to compute, so it is remembered in
`<cache dir>/hashes.json` with the file's size, modification time and inode, and
computed again whenever any of them changes. As in git's index, a remembered hash is only
trusted for a file last modified well before it was remembered (STAMP_MARGIN_NS): a
same-size edit within the file system's timestamp granularity is then still noticed.

Why Arrow IPC and not Parquet: the file is memory-mapped and read without decoding (Parquet
decoded and decompressed a million rows in 0.25-0.9 s of CPU); it is five times larger on
disk (about 210 MB for a million sites), which a local cache can afford. It has no checksums
of its own (nor has Parquet by default), and a flipped byte in a number or a text passes every
structural check: so the entry carries the SHA-256 of its files, checked on every read (about
0.1 s per 100 MB on a 2-core machine), and the reader then checks the whole structure
(offsets, UTF-8, dictionary indices; 0.05 s). The values read back are checked too, against
the record's rules that matter before use (coordinates finite and in range, statuses,
designations, categories and precisions in their vocabularies, years and progress in range,
ids present and unique, text within its limits, links http or https), so that an entry
written by hand cannot skip the rules a data file must pass.

A changed source file has another hash, so it is validated again; an entry that cannot
be read (truncated, corrupt, from another format version) is removed and rebuilt, with
a warning in the log, never an error for the user. An entry is written to a temporary
folder and renamed into place, so a reader never sees half of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import mmap
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from heritage.schema import (
    CATEGORIES,
    DESIGNATIONS,
    FIRST_NATIONAL_YEAR,
    LOCATION_PRECISIONS,
    STATUSES,
    TEXT_COLUMNS,
    TEXT_LIMITS,
    URL_FIELDS,
    Problem,
)
from heritage.sources import REPEATED_TEXT, LoadResult, Progress, load_sites

FORMAT = 4  # raise when the cached columns or their meaning change: old entries are then rebuilt
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data" / "cache"
SITES_FILE = "sites.arrow"
ABOUT_FILE = "about.json"
CHECKSUM_FILE = "checksum.json"  # written last: an entry without it was never finished
HASHES_FILE = "hashes.json"
STAMP_MARGIN_NS = 2_000_000_000  # a file modified this close to its hashing is hashed again
DESIGNATION_SEPARATOR = ";"

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """`HERITAGE_CACHE_DIR` when set, else data/cache/ in the repository."""
    return Path(os.environ.get("HERITAGE_CACHE_DIR") or DEFAULT_CACHE_DIR)


def content_hash(path: str | os.PathLike) -> str:
    """SHA-256 of the file's bytes: a one-byte change is another dataset."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class CachedLoad:
    """What `load` returns: the validated sites, the source's hash, and whether validation ran."""

    result: LoadResult
    source_hash: str
    validated: bool  # False when the sites came from the cache


class BaseCache:
    """Validated datasets on disk, one entry per source file content."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory else cache_dir()

    def load(self, path: str | os.PathLike, progress: Progress | None = None) -> CachedLoad:
        """The file's sites from the cache when an entry for its content exists, else validated and stored.

        Raises DataFileError (from heritage.sources) when the file cannot be read at all.
        """
        path = Path(path)
        try:
            digest = self.file_hash(path)
        except OSError:
            return CachedLoad(load_sites(path, progress), "", True)  # load_sites says what is wrong
        entry = self._entry(path, digest)
        cached = self._read(entry)
        if cached is not None:
            return CachedLoad(cached, digest, False)
        result = load_sites(path, progress)
        self._write(entry, result)
        return CachedLoad(result, digest, True)

    def file_hash(self, path: str | os.PathLike) -> str:
        """content_hash(path), remembered while the file's size, time and inode stay the same."""
        path = Path(path)
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        key = str(path.resolve())
        remembered = self._hashes()
        known = remembered.get(key)
        if known and known[:3] == stamp and known[4] - stat.st_mtime_ns > STAMP_MARGIN_NS:
            return known[3]
        digest = content_hash(path)
        if path.stat().st_mtime_ns == stat.st_mtime_ns:  # not changed while it was read
            remembered[key] = [*stamp, digest, time.time_ns()]
            self._write_hashes(remembered)
        return digest

    def _hashes(self) -> dict[str, list]:
        try:
            known = json.loads((self.directory / HASHES_FILE).read_text(encoding="utf-8"))
            return known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_hashes(self, remembered: dict[str, list]) -> None:
        """Written whole to a temporary file and renamed: a reader sees the old or the new one."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, staging = tempfile.mkstemp(prefix=".hashes-", dir=self.directory)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(remembered, out)
            os.replace(staging, self.directory / HASHES_FILE)
        except OSError as error:
            log.warning("Cannot remember the data file's hash in %s (%s).", self.directory, error)

    def _entry(self, path: Path, digest: str) -> Path:
        return self.directory / f"{path.name}-{digest[:24]}-v{FORMAT}"

    def _read(self, entry: Path) -> LoadResult | None:
        if not entry.exists():
            return None
        try:
            _check_checksums(entry)
            about = json.loads((entry / ABOUT_FILE).read_text(encoding="utf-8"))
            sites = _read_sites(entry / SITES_FILE)
            if about.get("format") != FORMAT or len(sites) != about["rows"]:
                raise ValueError(f"expected {about.get('rows')} rows of format {FORMAT}, found {len(sites)}")
            problems = [Problem(*fields) for fields in about["problems"]]
            return LoadResult(sites, problems, int(about["records_read"]), _expand(about["record_ranges"]))
        except Exception as error:  # noqa: BLE001  any unreadable entry is rebuilt, whatever the reader raised
            log.warning(
                "Cache entry %s cannot be read (%s: %s); discarded, rebuilding.", entry, type(error).__name__, error
            )
            shutil.rmtree(entry, ignore_errors=True)
            return None

    def _write(self, entry: Path, result: LoadResult) -> None:
        """Store the entry and remove older entries of the same file; a failure only costs speed."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.directory))
            table = _to_table(result.sites)
            with pa.OSFile(str(staging / SITES_FILE), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            about = {
                "format": FORMAT,
                "rows": len(result.sites),
                "records_read": result.records_read,
                "record_ranges": _ranges(result.record_numbers),
                "problems": [[p.record, p.site_id, p.field, p.message] for p in result.problems],
            }
            (staging / ABOUT_FILE).write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
            checksums = {name: _file_sha256(staging / name) for name in (SITES_FILE, ABOUT_FILE)}
            (staging / CHECKSUM_FILE).write_text(json.dumps(checksums), encoding="utf-8")
            os.replace(staging, entry)
        except OSError as error:
            log.warning("Cannot write the cache entry %s (%s); the next start validates again.", entry, error)
            shutil.rmtree(locals().get("staging", entry), ignore_errors=True)
            return
        source_name = entry.name.rsplit("-", 2)[0]
        for old in self.directory.glob(f"{source_name}-*-v*"):
            if old != entry and old.name.rsplit("-", 2)[0] == source_name:
                shutil.rmtree(old, ignore_errors=True)


def _file_sha256(file: Path) -> str:
    """SHA-256 of a file, read through a memory map (no copy; the pages then serve the reader too)."""
    with open(file, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return hashlib.sha256(b"").hexdigest()
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return hashlib.sha256(mapped).hexdigest()


def _check_checksums(entry: Path) -> None:
    """Raises ValueError unless every file of the entry has the SHA-256 written when it was made."""
    expected = json.loads((entry / CHECKSUM_FILE).read_text(encoding="utf-8"))
    for name in (SITES_FILE, ABOUT_FILE):
        if not isinstance(expected, dict) or _file_sha256(entry / name) != expected.get(name):
            raise ValueError(f"{name} does not match its checksum")


def _ranges(numbers: list[int]) -> list[list[int]]:
    """Consecutive record numbers as [first, last] pairs: a million numbers in a few pairs."""
    if not numbers:
        return []
    values = np.asarray(numbers, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(values) != 1) + 1
    starts, ends = np.r_[0, breaks], np.r_[breaks, len(values)] - 1
    return [[int(values[a]), int(values[b])] for a, b in zip(starts, ends, strict=True)]


def _expand(ranges: list[list[int]]) -> list[int]:
    if not ranges:
        return []
    return np.concatenate([np.arange(first, last + 1, dtype=np.int64) for first, last in ranges]).tolist()


def _to_table(sites: pd.DataFrame) -> pa.Table:
    """The sites as Arrow columns: designations (tuples) as one text cell, shapes as WKB,
    repeated text dictionary-encoded (each distinct status, region or source stored once)."""
    columns = {}
    for name in sites.columns:
        values = sites[name]
        if name == "shape":
            shapes = values.to_numpy(dtype=object)
            wkb = np.full(len(shapes), None, dtype=object)
            drawn = np.flatnonzero(pd.notna(shapes))
            wkb[drawn] = shapely.to_wkb(shapes[drawn])
            columns[name] = pa.array(wkb, type=pa.binary())
        elif name == "designations":
            columns[name] = pc.dictionary_encode(pa.array(values.map(DESIGNATION_SEPARATOR.join), type=pa.string()))
        elif name in TEXT_COLUMNS:
            text = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
            columns[name] = pc.dictionary_encode(text) if name in REPEATED_TEXT else text
        else:
            columns[name] = pa.array(values, from_pandas=True)
    return pa.table(columns)


def _read_sites(file: Path) -> pd.DataFrame:
    """The sites of an entry, with the loader's types.

    The file is memory-mapped and its structure checked in full (a damaged file raises
    here, not later); repeated text comes as dictionaries, so each distinct status,
    region or source becomes one Python string. The columns are typed before the frame
    exists (setting a column afterwards copies the frame's text block).
    """
    with pa.memory_map(str(file)) as source:
        table = pa.ipc.open_file(source).read_all()
        table.validate(full=True)
        _check_values(table)
        own = ("shape", "designations")
        columns = {name: _column(table.column(name), table.num_rows) for name in table.column_names if name not in own}
        columns["designations"] = _designation_tuples(table.column("designations"))
        columns["shape"] = _shapes(table.column("shape"))
    columns["inscription_year"] = columns["inscription_year"].astype("Int64")
    columns["restoration_progress"] = columns["restoration_progress"].astype("float64")
    order = [name for name in table.column_names if name in columns]
    # copy=False: the columns stay separate blocks, not stacked into one (a copy of every text pointer).
    return pd.DataFrame({name: columns[name] for name in order}, copy=False)


def _shapes(column: pa.ChunkedArray) -> pd.Series:
    """Outlines from WKB, None for points: nothing is built when every site is a point."""
    shapes = np.full(len(column), None, dtype=object)
    if column.null_count < len(column):
        wkb = column.to_numpy(zero_copy_only=False)
        drawn = np.flatnonzero(pd.notna(wkb))
        shapes[drawn] = shapely.from_wkb(wkb[drawn])
    return pd.Series(shapes, dtype=object, copy=False)


def _column(column: pa.ChunkedArray, rows: int) -> pd.Series:
    """One Arrow column as the loader has it: text as Python objects with None for missing."""
    kind = column.type
    if pa.types.is_null(kind):
        return pd.Series(np.full(rows, None, dtype=object), dtype=object, copy=False)
    if pa.types.is_dictionary(kind):
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        values = np.empty(len(array.dictionary) + 1, dtype=object)  # the last slot, index -1, is None
        values[:-1] = array.dictionary.to_numpy(zero_copy_only=False)
        return pd.Series(values[pc.fill_null(array.indices, -1).to_numpy()], dtype=object, copy=False)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pd.Series(column.to_numpy(zero_copy_only=False), dtype=object, copy=False)
    return column.to_pandas().copy()  # numbers could be views of the memory-mapped file: own them


def _designation_tuples(joined: pa.ChunkedArray) -> pd.Series:
    """`a;b` cells back to tuples, one tuple object per distinct set (the dictionary's values)."""
    if not pa.types.is_dictionary(joined.type):
        joined = pc.dictionary_encode(joined)
    array = joined.combine_chunks() if joined.num_chunks != 1 else joined.chunk(0)
    tuples = np.empty(len(array.dictionary) + 1, dtype=object)  # the last slot, index -1, is a missing cell
    tuples[:] = [tuple(text.split(DESIGNATION_SEPARATOR)) if text else () for text in array.dictionary.to_pylist()] + [
        ()
    ]
    return pd.Series(tuples[pc.fill_null(array.indices, -1).to_numpy()], dtype=object, copy=False)


def _distinct(column: pa.ChunkedArray) -> pa.Array:
    """The values to check of a text column: a dictionary column's dictionaries, else the column."""
    if pa.types.is_dictionary(column.type):
        return pa.concat_arrays([chunk.dictionary for chunk in column.chunks]) if column.num_chunks else pa.array([])
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def _outside(values: pa.Array, allowed: object) -> int:
    """How many non-null values are not among `allowed`."""
    present = pc.drop_null(values)
    if not len(present):
        return 0
    allowed_values = pa.array(list(allowed), type=pa.string())
    return int(pc.sum(pc.invert(pc.is_in(present.cast(pa.string()), value_set=allowed_values))).as_py() or 0)


def _check_values(table: pa.Table) -> None:
    """Raises ValueError naming the first column whose values break the record's rules.

    Run on the Arrow columns (vectorised, in C++): a few milliseconds per 100,000 sites.
    """
    problems = []
    for name, low, high in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
        values = table.column(name).to_numpy()
        if len(values) and not (np.isfinite(values).all() and low <= values.min() and values.max() <= high):
            problems.append(f"{name}: not a finite number from {low:g} to {high:g}")
    for name, allowed in (("status", STATUSES), ("category", CATEGORIES), ("location_precision", LOCATION_PRECISIONS)):
        if _outside(_distinct(table.column(name)), allowed):
            problems.append(f"{name}: a value outside {', '.join(allowed)}")
    if table.column("status").null_count:
        problems.append("status: missing")
    designations = pc.split_pattern(_distinct(table.column("designations")), DESIGNATION_SEPARATOR)
    named = pc.filter(pc.list_flatten(designations), pc.not_equal(pc.list_flatten(designations), ""))
    if _outside(named, DESIGNATIONS):
        problems.append(f"designations: a value outside {', '.join(DESIGNATIONS)}")
    for name, low, high in (("inscription_year", FIRST_NATIONAL_YEAR, dt.date.today().year),
                            ("restoration_progress", 0, 100)):  # fmt: skip
        column = table.column(name)
        if column.null_count < len(column) and column.type != pa.null():
            smallest, largest = pc.min_max(column).values()
            if not (low <= smallest.as_py() <= largest.as_py() <= high) or math.isnan(largest.as_py()):
                problems.append(f"{name}: outside {low} to {high}")
    ids = table.column("id")
    if ids.null_count or len(pc.unique(ids)) != len(ids):  # pc.unique: a third of count_distinct's time
        problems.append("id: missing or repeated")
    for name, limit in TEXT_LIMITS.items():
        if name in table.column_names and len(table.column(name)):
            longest = pc.max(pc.utf8_length(_distinct(table.column(name)))).as_py()
            if longest is not None and longest > limit:
                problems.append(f"{name}: longer than {limit} characters")
    for name in URL_FIELDS:
        links = pc.drop_null(_distinct(table.column(name)))
        if len(links) and not pc.all(pc.match_substring_regex(links, r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s]")).as_py():
            problems.append(f"{name}: a link that is not http or https")
    if problems:
        raise ValueError("values out of range: " + "; ".join(problems))
