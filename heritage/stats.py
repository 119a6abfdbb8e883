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
