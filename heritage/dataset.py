"""A loaded dataset: the validated base, imported versions, and observations as an overlay.

How the current state is built, and what each step costs at a million sites:

1. The base: the data file validated once and kept as a columnar file keyed by its
   content hash (heritage.cache); seconds on a restart, tens of seconds the very first time.
2. Imported versions (`Store.base_features`) replace or add sites: `Dataset.base` applies
   them and builds the filter index; seconds, only when an editor imports a file.
3. Observations: `Dataset.with_observations` applies them to the few rows they touch and
   shares everything else with the base; milliseconds, whatever the size of the base.

The data version (`DataVersion`) names what a Dataset shows: the base file's content hash,
the store's last base version and its last observation. It is cheap to ask for (the UI
layer keeps the file's hash per modification time; the store answers one small query), so
the UI polls it and refreshes an open page when it changes: see `heritage.ui.data.data_version`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from heritage.cache import BaseCache
from heritage.clustering import world_pixels
from heritage.conditions import contested_sites, shipped_frame
from heritage.extent import Bounds, bounds_of
from heritage.filters import SiteFilter, SiteIndex, apply, build_index
from heritage.history import apply_observations, as_of, counted, official, stale, stated_columns
from heritage.i18n.names import LOCAL_FIRST, site_names
from heritage.schema import STATUSES, Problem
from heritage.sources import LoadResult, Progress, build_sites, load_sites
from heritage.store import Store

EARTH_RADIUS_KM = 6371.0
MASKS_KEPT = 64  # filter results remembered per dataset
_SERIALS = itertools.count(1)  # thread-safe in CPython: next() on a count is atomic
STATUS_CODES = {status: code for code, status in enumerate(STATUSES)}
# Bits of a marker's `flags` (static/heritage/sites.js reads the same values).
CONTESTED = 1
APPROXIMATE = 2
STALE = 4  # the status was last stated more than STALE_YEARS before the day shown
CHANGED = 8  # the status or progress changed between the view's `since` and its date
# As-of views remembered per dataset; each copies the columns observations change (~60 MB at a million sites).
DATED_KEPT = 4
# The cached properties that depend only on where the sites are (not their statuses or years).
PLACE_CACHES = ("_id_lookup", "bounds", "regions", "local_first_names", "world_pixels")


class DataVersion(NamedTuple):
    """What a Dataset shows; equal versions show the same sites, so a page needs no refresh."""

    base_hash: str  # SHA-256 of the data file ("" when it was not hashed)
    base_version: int  # the store's last imported base version (0: none)
    observation: int  # the store's last observation id (0: none)

    def token(self) -> str:
        """The version as one text, for pages and streams to compare (heritage/api/events.py)."""
        return f"{self.base_hash}-{self.base_version}-{self.observation}"


def with_imports(base: LoadResult, features: list[dict]) -> LoadResult:
    """Imported records (validated at import) replace the base's site of the same id, in its place,
    or are added after it; problems of the replaced file records no longer apply."""
    if not features:
        return base
    imported = build_sites([(f.get("properties") or {}, f.get("geometry")) for f in features]).sites
    position = pd.Index(base.sites["id"]).get_indexer(imported["id"])
    kept = ~base.sites["id"].isin(set(imported["id"])).to_numpy()
    order = np.concatenate(
        [np.flatnonzero(kept), np.where(position >= 0, position, len(base.sites) + np.arange(len(imported)))]
    )
    combined = pd.concat([base.sites[kept], imported], ignore_index=True)
    sites = combined.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    replaced = set(imported["id"])
    problems = [p for p in base.problems if p.site_id not in replaced]
    return LoadResult(sites, problems, base.records_read)


@dataclass
class Dataset:
    sites: pd.DataFrame
    problems: list[Problem]
    records_read: int
    version: DataVersion = DataVersion("", 0, 0)
    # Every observation (as the store returns them): the claims shown side by side.
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Derived from `sites` when not given; an overlay (with_observations) passes its own.
    index: SiteIndex | None = None
    status_code: np.ndarray | None = None
    is_polygon: np.ndarray | None = None
    # Cached derivations of the places (id lookup, bounds, regions...) an overlay shares with its base.
    shared: dict[str, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.index is None:  # a new base: everything is derived from its sites
            self.sites = stated_columns(self.sites.reset_index(drop=True))
            self.sites["contested"] = self._contested(self.observations)
            self.index = build_index(self.sites)
            self.status_code = _status_codes(self.sites["status"])
            self.is_polygon = self.sites["shape"].notna().to_numpy()  # points have no shape
        self.__dict__.update(self.shared)  # functools.cached_property reads its value from __dict__
        self._masks: dict[SiteFilter, np.ndarray] = {}
        self._masks_lock = threading.Lock()
        self.serial = next(_SERIALS)
        self._init_dated(None)

    def _init_dated(self, base: Dataset | None) -> None:
        """What as_of() needs: the base before observations, the day shown, the sites changed since."""
        self._base = base  # None: this is the base
        self.day: dt.date | None = None  # None: today
        self.since: dt.date | None = None
        self.changed = np.zeros(len(self.sites), dtype=bool)
        self.before: Dataset | None = None  # the record on `since`
        self._dated: dict[tuple, Dataset] = {}
        self._dated_lock = threading.Lock()

    @classmethod
    def load(cls, path: str | os.PathLike, store: Store | None = None, cache: BaseCache | None = None) -> Dataset:
        """The file's sites with their observations applied: the store's, or without a
        store the shipped condition record (data/observations.csv), so the sourced
        conditions show even when the store cannot be reached.

        With a cache, the validated file is read from it when its content has not changed.
        """
        base = cls.base(path, store, cache)
        if store is None:
            return base.with_observations(shipped_frame())
        return base.with_observations(store.observations(), store.version()[0])

    @classmethod
    def base(
        cls,
        path: str | os.PathLike,
        store: Store | None = None,
        cache: BaseCache | None = None,
        progress: Progress | None = None,
    ) -> Dataset:
        """The validated file with the store's imported versions applied, before any observation.

        `progress(fraction, records)` is called while a file is validated (not when it comes
        from the cache).
        """
        if cache is not None:
            loaded = cache.load(Path(path), progress)
            result, digest = loaded.result, loaded.source_hash
        else:
            result, digest = load_sites(Path(path), progress), ""
        base_version = 0
        if store is not None:
            result = with_imports(result, store.base_features())
            base_version = store.version()[1]
        return cls(result.sites, result.problems, result.records_read, DataVersion(digest, base_version, 0))

    def with_observations(self, observations: pd.DataFrame, observation_version: int = 0) -> Dataset:
        """This dataset with the store's observations applied, as an overlay.

        Only the rows that have standing observations are recomputed (by
        `heritage.history.apply_observations`, the one place its rules live); the other rows,
        the search text and the id lookup are shared with this dataset. Costs milliseconds
        for a few thousand observations over a million sites. Proposals that no second person
        approved are left out here, the one door of the store's observations into the data.
        """
        observations = official(observations)
        version = self.version._replace(observation=observation_version)
        contested = self._contested(observations)
        standing = counted(observations)
        rows = self._rows_of(standing["site_id"].unique()) if not standing.empty else np.zeros(0, dtype=np.int64)
        if not len(rows):
            sites, index, status_code = self.sites, self.index, self.status_code
        else:
            before = self.sites.iloc[rows]
            after = apply_observations(before, observations)
            if list(after.columns) != list(before.columns):  # a rule added a column: apply it to every row
                sites = apply_observations(self.sites, observations)
                whole = Dataset(sites, self.problems, self.records_read, version, observations)
                whole._init_dated(self._base or self)
                return whole
            sites = self.sites.copy(deep=False)
            for column in after.columns:
                if column not in ("shape", "contested") and not after[column].equals(before[column]):
                    values = self.sites[column].to_numpy(copy=True)
                    values[rows] = after[column].to_numpy()
                    sites[column] = pd.Series(values, index=self.sites.index, dtype=self.sites[column].dtype)
            index, status_code = _spliced_index(self.index, rows, after), self._spliced_status(rows, after)
        if not np.array_equal(contested, self.index.contested):
            sites = sites.copy(deep=False) if sites is self.sites else sites
            sites["contested"] = contested
            index = index.with_columns(contested=contested)
        return self._overlay(sites, index, status_code, version, observations)

    def _overlay(
        self, sites: pd.DataFrame, index: SiteIndex, status_code: np.ndarray, version, observations
    ) -> Dataset:
        """A dataset over new rows that shares this one's place caches (observations move no site)."""
        derived = dataclasses.replace(
            self,
            sites=sites,
            index=index,
            status_code=status_code,
            version=version,
            observations=observations,
            shared={name: self.__dict__[name] for name in PLACE_CACHES if name in self.__dict__},
        )
        derived._init_dated(self._base or self)
        return derived

    def as_of(self, day: dt.date | None = None, since: dt.date | None = None) -> Dataset:
        """The record as it stood on `day` (None or today: this dataset), and what changed since `since`.

        The base plus the observations observed on or before `day` (heritage.history.as_of),
        "sources disagree" as of that day. With `since`, `changed` marks the sites whose status
        or progress differs between the two days and `before` holds the record on `since`.
        Remembered per dataset, so every viewer of one date shares one.
        """
        today = dt.date.today()
        day = None if day is None or day >= today else day
        key = (day, since)
        if not self.observations.empty or self._base is not None:
            with self._dated_lock:
                found = self._dated.get(key)
            if found is not None:
                return found
        base = self._base or self
        dated = self if day is None else base.with_observations(as_of(self.observations, day), self.version.observation)
        if since is not None or day is not None:
            dated = dated._marked(day, since, base, self.observations)
        with self._dated_lock:
            self._dated[key] = dated
            while len(self._dated) > DATED_KEPT:
                self._dated.pop(next(iter(self._dated)))
        return dated

    def changes(self, mask: np.ndarray | None = None) -> pd.DataFrame:
        """The sites changed since `since` (see as_of), of those `mask` shows: before -> after, each
        side's status, progress, and the source and date of the claim that decides it. Empty without `since`."""
        columns = ["status", "restoration_progress", "status_source", "status_stated"]
        changed = self.changed if mask is None else self.changed & mask
        if self.before is None or not changed.any():
            return pd.DataFrame(
                columns=["id", "name", "name_local"] + [f"{w}_{c}" for w in ("before", "after") for c in columns]
            )
        rows = np.flatnonzero(changed)
        before, after = self.before.sites.iloc[rows], self.sites.iloc[rows]
        frame = after[["id", "name", "name_local"]].reset_index(drop=True)
        for side, sites in (("before", before), ("after", after)):
            for column in columns:
                frame[f"{side}_{column}"] = sites[column].to_numpy()
        return frame

    def _marked(self, day: dt.date | None, since: dt.date | None, base: Dataset, observations: pd.DataFrame) -> Dataset:
        """A copy of this dataset that knows its day, and the sites changed since `since`."""
        marked = self._overlay(self.sites, self.index, self.status_code, self.version, self.observations)
        marked.day, marked.since = day, since
        if since is not None:
            before = base.with_observations(as_of(observations, since), self.version.observation)
            status_changed = before.sites["status"].to_numpy() != self.sites["status"].to_numpy()
            old, new = before.sites["restoration_progress"].to_numpy(), self.sites["restoration_progress"].to_numpy()
            progress_changed = ~((old == new) | (np.isnan(old) & np.isnan(new)))
            marked.changed, marked.before = status_changed | progress_changed, before
        return marked

    def _contested(self, observations: pd.DataFrame) -> np.ndarray:
        """Per row, whether its sources disagree (heritage/conditions.py): a few ids over many rows."""
        contested = np.zeros(len(self.sites), dtype=bool)
        if not observations.empty:
            ids = contested_sites(observations)
            if ids:
                contested[self._rows_of(np.array(sorted(ids), dtype=object))] = True
        return contested

    def _spliced_status(self, rows: np.ndarray, after: pd.DataFrame) -> np.ndarray:
        codes = self.status_code.copy()
        codes[rows] = after["status"].map(STATUS_CODES).to_numpy(dtype=np.int64)
        return codes

    @property
    def key(self) -> tuple[DataVersion, int]:
        """Names this dataset in caches: its data version and a serial number no other Dataset gets."""
        return (self.version, self.serial)

    @functools.cached_property
    def _id_lookup(self) -> pd.Index:
        return pd.Index(self.sites["id"])

    def _rows_of(self, site_ids: np.ndarray) -> np.ndarray:
        """Rows of these ids, in row order (ids not in the data are left out).

        One pass over the id column against a table of the few ids asked for: building the
        full id index (`_id_lookup`) costs half a second at a million sites, so it is built
        only when a page first looks a site up.
        """
        if not len(site_ids):
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.sites["id"].isin(set(site_ids)).to_numpy())

    @functools.cached_property
    def bounds(self) -> Bounds | None:
        """The extent of the sites (their markers), which the map opens on; None when there are none."""
        return bounds_of(self.sites["lat"].to_numpy(), self.sites["lon"].to_numpy())

    def site_observations(self, site_id: str) -> pd.DataFrame:
        """Every observation of one site (withdrawn ones marked), as the store returns them."""
        if self.observations.empty:
            return self.observations
        return self.observations[self.observations["site_id"] == site_id]

    def claims_of(self, site_id: str) -> pd.DataFrame:
        """A site's status claims, dated and undated, each with its source: oldest first."""
        if self.observations.empty:
            return self.observations
        rows = self.observations[
            (self.observations["site_id"] == site_id)
            & (self.observations["field"] == "status")
            & ~self.observations["withdrawn"]
        ]
        return rows.sort_values(["observed", "id"], na_position="last")

    def mask(self, site_filter: SiteFilter) -> np.ndarray:
        """The sites passing `site_filter`, remembered for this dataset (read-only).

        Kept inside the dataset, so a mask can never outlive the data it was computed on.
        """
        with self._masks_lock:
            mask = self._masks.get(site_filter)
        if mask is None:
            mask = apply(self.index, site_filter)
            mask.setflags(write=False)
            with self._masks_lock:
                self._masks[site_filter] = mask
                while len(self._masks) > MASKS_KEPT:
                    self._masks.pop(next(iter(self._masks)))
        return mask

    @functools.cached_property
    def year_bounds(self) -> tuple[int, int] | None:
        """Computed once per dataset: the sidebar reads it on every rerun."""
        years = self.sites["inscription_year"].dropna()
        return (int(years.min()), int(years.max())) if len(years) else None

    @functools.cached_property
    def regions(self) -> list[str]:
        return sorted(self.sites["region"].dropna().unique().tolist())

    def position(self, site_id: str | None) -> int | None:
        """Row of a site by id, or None; ids come from URLs, so anything may arrive."""
        if not site_id or not isinstance(site_id, str):
            return None
        row = self._id_lookup.get_indexer([site_id])[0]
        return int(row) if row >= 0 else None

    def neighbours(self, position: int, radius_km: float = 5.0) -> pd.DataFrame:
        """Other sites within `radius_km` of a site, nearest first, with a `distance_km` column."""
        lat, lon = np.radians(self.sites["lat"].to_numpy()), np.radians(self.sites["lon"].to_numpy())
        dlat, dlon = lat - lat[position], lon - lon[position]
        a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat[position]) * np.sin(dlon / 2) ** 2
        distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
        near = np.flatnonzero(distance <= radius_km)
        near = near[near != position]
        result = self.sites.iloc[near].assign(distance_km=distance[near])
        return result.sort_values("distance_km")

    @functools.cached_property
    def local_first_names(self) -> np.ndarray:
        """Each site's name as a reader of a LOCAL_FIRST language (az) sees it first: computed once."""
        names = [
            site_names(n, local, LOCAL_FIRST[0]).first for n, local in zip(self.sites["name"], self.sites["name_local"])
        ]
        return np.array(names, dtype=object)

    def display_names(self, language: str) -> np.ndarray:
        """The name each site is shown by in `language` (az: the Azerbaijani name first)."""
        return self.local_first_names if language in LOCAL_FIRST else self.sites["name"].to_numpy()

    def shown_columns(self, mask: np.ndarray, language: str = "en") -> dict[str, np.ndarray]:
        """The columns the map needs, for the shown sites only; names as `language` reads them.

        Read-only: when every site is shown they are views of the dataset's own arrays.
        """
        rows = np.flatnonzero(mask)
        if len(rows) < len(self.sites):
            return self.columns_of(rows, language)
        shown = {"row": rows}
        for name, values in self._marker_columns(language).items():  # every site: no copy of a million rows
            shown[name] = values.view()
            shown[name].setflags(write=False)
        return shown

    def columns_of(self, rows: np.ndarray, language: str = "en") -> dict[str, np.ndarray]:
        """shown_columns() for these rows only (a copy): what the map layer needs of the sites it draws alone."""
        shown = {name: values[rows] for name, values in self._marker_columns(language).items() if name != "pixels"}
        return {"row": rows, **shown, "pixels": self.world_pixels[:, rows]}

    def _marker_columns(self, language: str) -> dict[str, np.ndarray]:
        return {
            "lat": self.sites["lat"].to_numpy(),
            "lon": self.sites["lon"].to_numpy(),
            "status_code": self.status_code,
            "id": self.sites["id"].to_numpy(),
            "name": self.display_names(language),
            "flags": self.marker_flags,
            "stated": self.sites["status_stated"].to_numpy(),  # who states the status, and when (tooltip)
            "stated_by": self.sites["status_source"].to_numpy(),
            "pixels": self.world_pixels,
        }

    @functools.cached_property
    def world_pixels(self) -> np.ndarray:
        """Each site's marker in Web Mercator pixels at zoom 0, (2, sites): projected once, scaled per view."""
        return world_pixels(self.sites["lon"].to_numpy(), self.sites["lat"].to_numpy())

    @functools.cached_property
    def stale(self) -> np.ndarray:
        """Per site, whether its known status was last stated more than STALE_YEARS before the day shown."""
        known = (self.status_code != STATUS_CODES["unknown"]) & self.sites["status_stated"].notna().to_numpy()
        result = np.zeros(len(self.sites), dtype=bool)
        rows = np.flatnonzero(known)  # a few sites state a status; dates are parsed for those only
        if len(rows):
            result[rows] = stale(self.sites["status_stated"].iloc[rows], self.day or dt.date.today()).to_numpy(bool)
        return result

    @functools.cached_property
    def marker_flags(self) -> np.ndarray:
        """Per site, bits the map draws: CONTESTED (sources disagree), APPROXIMATE (location),
        STALE (status stated long ago), CHANGED (changed since the view's `since`)."""
        contested = self.sites["contested"].to_numpy(dtype=bool)
        approximate = (self.sites["location_precision"] == "approximate").to_numpy(dtype=bool)
        return contested * CONTESTED | approximate * APPROXIMATE | self.stale * STALE | self.changed * CHANGED


def _status_codes(statuses: pd.Series) -> np.ndarray:
    """Each site's position in STATUSES: looked up once per distinct status, not once per site."""
    codes, distinct = pd.factorize(statuses)
    return np.array([STATUS_CODES[status] for status in distinct], dtype=np.int64)[codes]


def _spliced_index(index: SiteIndex, rows: np.ndarray, after: pd.DataFrame) -> SiteIndex:
    """`index` with `rows` recomputed from `after`; only arrays that differ are copied, the search text shared."""
    changed = build_index(after.reset_index(drop=True), search=index.search)
    arrays = {}
    for name, values in index.columns.items():
        new = changed.columns[name]
        if not _same(values[rows], new):
            values = values.copy()
            values[rows] = new
        arrays[name] = values
    return index.with_columns(**arrays)


def _same(old: np.ndarray, new: np.ndarray) -> bool:
    """Equal arrays, unknown (NaN) equal to unknown."""
    if old.dtype.kind == "f":
        return bool(np.array_equal(old, new, equal_nan=True))
    return bool(np.array_equal(old, new))
