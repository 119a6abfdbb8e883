"""A loaded dataset with what every view needs prepared once: the filter index and codes."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from heritage.conditions import contested_sites, shipped_frame
from heritage.filters import SiteFilter, SiteIndex, apply, build_index
from heritage.history import apply_observations
from heritage.schema import STATUSES, Problem
from heritage.sources import Row, build_sites, read_rows
from heritage.store import Store

EARTH_RADIUS_KM = 6371.0
# Bits of a marker's `flags` (static/heritage/sites.js reads the same values).
CONTESTED = 1
APPROXIMATE = 2


def merge_rows(rows: list[Row], features: list[dict]) -> list[Row]:
    """Imported records replace the file's record of the same id, or are added after it."""
    position = {props.get("id"): i for i, (props, _) in enumerate(rows) if isinstance(props.get("id"), str)}
    merged = list(rows)
    for feature in features:
        row = (feature.get("properties") or {}, feature.get("geometry"))
        site_id = row[0].get("id")
        if site_id in position:
            merged[position[site_id]] = row
        else:
            position[site_id] = len(merged)
            merged.append(row)
    return merged


@dataclass
class Dataset:
    sites: gpd.GeoDataFrame
    problems: list[Problem]
    records_read: int
    # Every observation (as the store returns them): the claims shown side by side.
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    index: SiteIndex = field(init=False)
    status_code: np.ndarray = field(init=False)
    is_polygon: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.sites = self.sites.reset_index(drop=True)
        contested = contested_sites(self.observations) if not self.observations.empty else set()
        self.sites["contested"] = self.sites["id"].isin(contested)
        self.index = build_index(self.sites)
        codes = {status: code for code, status in enumerate(STATUSES)}
        self.status_code = self.sites["status"].map(codes).to_numpy(dtype=np.int64)
        self.is_polygon = (self.sites.geometry.geom_type != "Point").to_numpy()

    @classmethod
    def load(cls, path: str | os.PathLike, store: Store | None = None) -> Dataset:
        """The file's sites with their observations applied: the store's, or without a
        store the shipped condition record (data/observations.csv), so the sourced
        conditions show even when the store cannot be reached."""
        rows = read_rows(Path(path))
        if store is None:
            result = build_sites(rows)
            observations = shipped_frame()
        else:
            result = build_sites(merge_rows(rows, store.base_features()))
            observations = store.observations()
        sites = apply_observations(result.sites, observations)
        return cls(sites, result.problems, result.records_read, observations)

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
        return apply(self.index, site_filter)

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
        if not site_id:
            return None
        hits = np.flatnonzero(self.sites["id"].to_numpy() == site_id)
        return int(hits[0]) if len(hits) else None

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

    def shown_columns(self, mask: np.ndarray) -> dict[str, np.ndarray]:
        """The columns the map needs, for the shown sites only."""
        rows = np.flatnonzero(mask)
        return {
            "row": rows,
            "lat": self.sites["lat"].to_numpy()[rows],
            "lon": self.sites["lon"].to_numpy()[rows],
            "status_code": self.status_code[rows],
            "id": self.sites["id"].to_numpy()[rows],
            "name": self.sites["name"].to_numpy()[rows],
            "flags": self.marker_flags[rows],
        }

    @functools.cached_property
    def marker_flags(self) -> np.ndarray:
        """Per site, bits the map draws: CONTESTED (sources disagree), APPROXIMATE (location)."""
        contested = self.sites["contested"].to_numpy(dtype=bool)
        approximate = (self.sites["location_precision"] == "approximate").to_numpy(dtype=bool)
        return contested * CONTESTED | approximate * APPROXIMATE
