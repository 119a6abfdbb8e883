"""A site's current state from its base record and its observations, and its history.

Pure functions over a table of observations (as the store returns it), so the rules of
what counts are tested without a database: withdrawn observations and withdrawals do not
count; undated notes and "unknown" statuses never decide (an undated statement cannot be
ordered, and "unknown" states nothing, as in the import); of the rest, the latest observed
(then latest recorded) per field wins.
"""

from __future__ import annotations

import pandas as pd

from heritage.schema import STATUSES

COUNTED = ("status", "restoration_progress", "designations")


def counted(observations: pd.DataFrame) -> pd.DataFrame:
    """Observations that stand: not withdrawn, not themselves withdrawals."""
    if observations.empty:
        return observations
    keep = ~observations["withdrawn"] & observations["field"].isin(COUNTED) & observations["observed"].notna()
    keep &= ~((observations["field"] == "status") & (observations["value"] == "unknown"))
    return observations[keep].sort_values(["observed", "id"])


def apply_observations(sites: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Sites with their latest standing observations applied; source and date follow them."""
    standing = counted(observations)
    if standing.empty:
        return sites
    standing = standing[standing["site_id"].isin(sites["id"])]
    sites = sites.copy()
    row_of = pd.Series(range(len(sites)), index=sites["id"].to_numpy())
    for (site_id, field), group in standing.groupby(["site_id", "field"], sort=False):
        value = group["value"].iloc[-1]
        column = sites.columns.get_loc(field)
        sites.iat[int(row_of[site_id]), column] = tuple(value) if field == "designations" else value
    latest = standing.groupby("site_id", sort=False).tail(1)
    for observation in latest.itertuples(index=False):
        row = int(row_of[observation.site_id])
        sites.iat[row, sites.columns.get_loc("source")] = observation.source
        sites.iat[row, sites.columns.get_loc("source_url")] = observation.source_url
        sites.iat[row, sites.columns.get_loc("updated")] = pd.Timestamp(observation.observed).date().isoformat()
    sites["restoration_progress"] = sites["restoration_progress"].astype("float64")
    return sites


def timeline(observations: pd.DataFrame, field: str) -> pd.DataFrame:
    """One field's history for the site page: date, value, source, who, and whether it stands."""
    rows = observations[observations["field"] == field].sort_values(["observed", "id"], na_position="last")
    table = pd.DataFrame(
        {
            "observed": pd.to_datetime(rows["observed"]),
            "value": rows["value"],
            "source": rows["source"],
            "source_url": rows["source_url"],
            "author": rows["author"],
            "withdrawn": rows["withdrawn"],
            "id": rows["id"],
        }
    )
    if field == "status":  # the code stays beside the English label, for a page to translate
        table["code"] = table["value"]
        table["value"] = table["value"].map(lambda v: STATUSES.get(v, v))
    return table.reset_index(drop=True)


def submissions(observations: pd.DataFrame) -> list[list[int]]:
    """The ids of the observations, grouped as they were submitted (heritage.store.Store.submission).

    One editor's form is recorded at one moment by one author from one source; a shipped statement
    or a withdrawal stands alone. In order of the first id of each group.
    """
    groups: dict[tuple, list[int]] = {}
    for row in observations.itertuples(index=False):
        alone = row.statement is not None or row.withdraws is not None and not pd.isna(row.withdraws)
        key = ("alone", row.id) if alone else (row.site_id, row.recorded_at, row.author, row.source)
        groups.setdefault(key, []).append(int(row.id))
    return sorted(groups.values(), key=lambda ids: ids[0])
