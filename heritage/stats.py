"""Figures for the indicator tiles and the charts, from the shown sites."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from heritage.schema import STATUSES


@dataclass(frozen=True)
class Indicators:
    shown: int
    total: int
    per_status: dict[str, int]
    mean_progress: float | None  # over shown sites that have a value; None when none has
    with_progress: int


def indicators(shown: pd.DataFrame, total: int) -> Indicators:
    """Counts per status, in legend order, and the mean progress of the sites that state one.

    Sites with no progress value are left out of the mean rather than counted as 0.
    """
    counts = shown["status"].value_counts()
    progress = shown["restoration_progress"].dropna()
    return Indicators(
        shown=len(shown),
        total=total,
        per_status={status: int(counts.get(status, 0)) for status in STATUSES},
        mean_progress=float(progress.mean()) if len(progress) else None,
        with_progress=len(progress),
    )


def status_by_region(shown: pd.DataFrame) -> pd.DataFrame:
    """Long table region, status, sites: one row per pair present, for a stacked bar chart."""
    table = shown.assign(region=shown["region"].fillna("(no region)")).groupby(["region", "status"]).size()
    return table.rename("sites").reset_index()


def progress_distribution(shown: pd.DataFrame, width: int = 10) -> pd.DataFrame:
    """Sites per progress band (0–9, 10–19 … 100); sites without a value are not in any band."""
    progress = shown["restoration_progress"].dropna()
    bands = (progress // width * width).clip(upper=100).astype(int)
    counts = bands.value_counts().reindex(range(0, 101, width), fill_value=0)
    labels = [f"{low}–{low + width - 1} %" if low < 100 else "100 %" for low in counts.index]
    return pd.DataFrame({"band": labels, "from": counts.index, "sites": counts.to_numpy()})


def inscriptions_per_year(shown: pd.DataFrame) -> pd.DataFrame:
    """Sites inscribed per year, for sites that have an inscription year."""
    years = shown["inscription_year"].dropna().astype(int)
    return years.value_counts().sort_index().rename_axis("year").rename("sites").reset_index()
