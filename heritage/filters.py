"""Which sites to show: the SiteFilter, applying it, and saying it in words.

A SiteFilter is plain data so that the sidebar, the URL, saved scenes and the briefing
command all describe a selection the same way. Filtering runs on a SiteIndex of numpy
arrays built once per dataset, so a filter change at 100,000 sites takes milliseconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from heritage.schema import DESIGNATIONS, STATUSES

Range = tuple[float, float]


@dataclass(frozen=True)
class SiteFilter:
    """Empty tuples mean "any"; a None range means "no limit".

    A site with no inscription year (or no progress) passes a range only when the
    matching `*_unknown` flag is set, so unknown values are never silently counted in.
    """

    statuses: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    year: Range | None = None
    year_unknown: bool = True
    progress: Range | None = None
    progress_unknown: bool = True
    query: str = ""


@dataclass
class SiteIndex:
    """Column arrays of the sites, prepared once so each filter is a few vector operations."""

    status: np.ndarray
    designation_bits: np.ndarray
    region: np.ndarray
    year: np.ndarray
    progress: np.ndarray
    search: SearchText
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.status)

    @property
    def search_text(self) -> pd.Series:
        return self.search.get()


SEARCHABLE = ("name", "name_local", "registry_number", "description", "id")


class SearchText:
    """The folded text that the search box looks in, built on the first search, not on load.

    Folding a million names and descriptions takes seconds and most views never search;
    observations do not change searchable text, so a dataset with new observations shares
    its base's SearchText.
    """

    def __init__(self, sites: pd.DataFrame):
        self._columns = sites[list(SEARCHABLE)]
        self._text: pd.Series | None = None
        self._lock = threading.Lock()

    def get(self) -> pd.Series:
        with self._lock:
            if self._text is None:
                joined = self._columns[SEARCHABLE[0]].fillna("").astype(str)
                for column in SEARCHABLE[1:]:
                    joined = joined + " " + self._columns[column].fillna("").astype(str)
                self._text = normalize_all(joined).reset_index(drop=True)
                self._columns = None
            return self._text


COMBINING_MARKS = r"[\u0300-\u036f]"  # accents left apart by NFKD decomposition


def normalize(text: str) -> str:
    """Fold case and accents so "iceri" finds "İçərişəhər" (ə and ı have no decomposition)."""
    return normalize_all(pd.Series([text], dtype=object)).iloc[0]


def normalize_all(texts: pd.Series) -> pd.Series:
    """normalize() for a whole column at once: vectorised, so 100,000 sites take a moment."""
    folded = texts.astype(str).str.casefold().str.normalize("NFKD").str.replace(COMBINING_MARKS, "", regex=True)
    return folded.str.replace("ə", "e", regex=False).str.replace("ı", "i", regex=False)


def build_index(sites: pd.DataFrame, search: SearchText | None = None) -> SiteIndex:
    """The index of `sites`; `search` is shared when the searchable text is known to be the same."""
    bits = {name: 1 << position for position, name in enumerate(DESIGNATIONS)}
    # A handful of distinct designation sets over many sites: sum the bits once per set.
    codes, sets = pd.factorize(sites["designations"])
    set_bits = np.array([sum(bits[d] for d in designations) for designations in sets], dtype=np.uint8)
    designation_bits = set_bits[codes] if len(codes) else np.zeros(0, dtype=np.uint8)
    return SiteIndex(
        status=sites["status"].to_numpy(dtype=object),
        designation_bits=designation_bits,
        region=sites["region"].fillna("").to_numpy(dtype=object),
        year=sites["inscription_year"].astype("float64").to_numpy(),
        progress=sites["restoration_progress"].to_numpy(dtype=float),
        search=search or SearchText(sites),
    )


def _in_range(values: np.ndarray, bounds: Range | None, include_unknown: bool) -> np.ndarray:
    unknown = np.isnan(values)
    if bounds is None:
        known = ~unknown
    else:
        with np.errstate(invalid="ignore"):
            known = (values >= bounds[0]) & (values <= bounds[1])
    return known | (unknown & include_unknown)


def apply(index: SiteIndex, site_filter: SiteFilter) -> np.ndarray:
    """A boolean mask over the sites: True where the site passes every part of the filter."""
    mask = np.ones(index.size, dtype=bool)
    if site_filter.statuses:
        mask &= np.isin(index.status, list(site_filter.statuses))
    if site_filter.designations:
        wanted = sum(1 << list(DESIGNATIONS).index(d) for d in site_filter.designations)
        mask &= (index.designation_bits & wanted) != 0
    if site_filter.regions:
        mask &= np.isin(index.region, list(site_filter.regions))
    mask &= _in_range(index.year, site_filter.year, site_filter.year_unknown)
    mask &= _in_range(index.progress, site_filter.progress, site_filter.progress_unknown)
    if site_filter.query.strip():
        needle = normalize(site_filter.query.strip())
        mask &= index.search_text.str.contains(needle, regex=False).to_numpy()
    return mask


def _either(values: tuple[str, ...], labels: dict[str, str] | None = None) -> str:
    names = [labels.get(v, v) if labels else v for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _span(bounds: Range, unit: str = "") -> str:
    low, high = (f"{value:g}" for value in bounds)
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def describe(site_filter: SiteFilter, shown: int) -> str:
    """The selection in words, e.g. "214 sites · status damaged or destroyed · inscribed 2000–2019"."""
    parts = [f"{shown:,} site{'s' if shown != 1 else ''}"]
    if site_filter.statuses:
        parts.append("status " + _either(site_filter.statuses, STATUSES).lower())
    if site_filter.designations:
        parts.append(_either(site_filter.designations, DESIGNATIONS))
    if site_filter.regions:
        parts.append("in " + _either(site_filter.regions))
    if site_filter.year is not None:
        extra = " or year unknown" if site_filter.year_unknown else ""
        parts.append(f"inscribed {_span(site_filter.year)}{extra}")
    elif not site_filter.year_unknown:
        parts.append("with an inscription year")
    if site_filter.progress is not None:
        extra = " or progress unknown" if site_filter.progress_unknown else ""
        parts.append(f"restoration {_span(site_filter.progress, ' %')}{extra}")
    elif not site_filter.progress_unknown:
        parts.append("with a restoration progress")
    if site_filter.query.strip():
        parts.append(f"matching “{site_filter.query.strip()}”")
    return " · ".join(parts)
