"""A site's current state from its base record and its observations, and its history.

Pure functions over a table of observations (as the store returns it), so the rules of
what counts are tested without a database: withdrawn observations and withdrawals do not
count; undated notes and "unknown" statuses never decide (an undated statement cannot be
ordered, and "unknown" states nothing, as in the import); of the rest, the latest observed
(then latest recorded) per field wins.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from heritage.i18n import ENGLISH, Translator, site_names
from heritage.schema import STATUSES, status_label

COUNTED = ("status", "restoration_progress", "designations")
# Who decides each site's status, and since when (filled by apply_observations; from the base
# record where no observation decides): the date of the deciding claim, its source, and the
# first day of the unbroken run of claims stating the same status.
STATED = ("status_stated", "status_source", "status_since")
STALE_YEARS = 3  # a status last stated longer ago than this is shown as stale


def as_of(observations: pd.DataFrame, day: dt.date | None) -> pd.DataFrame:
    """The observations as they stood on `day`: those observed on or before it.

    Undated notes stay (they never decide), and so do withdrawals, whatever their date: a
    withdrawal corrects our reading of a statement, not the history the statement tells.
    None: every observation (today).
    """
    if day is None or observations.empty:
        return observations
    observed = pd.to_datetime(observations["observed"])
    keep = observed.isna() | (observed <= pd.Timestamp(day)) | (observations["field"] == "withdrawal")
    return observations[keep.to_numpy()]


def stated_columns(sites: pd.DataFrame) -> pd.DataFrame:
    """`sites` with the STATED columns, from the record itself where absent.

    A record with a known status is stated by its own `source` on its `updated` day; an
    unknown status is stated by no one.
    """
    if all(column in sites for column in STATED):
        return sites
    sites = sites.copy(deep=False)
    known = (sites["status"] != "unknown").to_numpy()
    updated = sites["updated"].where(known, None) if "updated" in sites else pd.Series(None, index=sites.index)
    sites["status_stated"] = updated.astype(object)
    sites["status_source"] = sites["source"].where(known, None).astype(object)
    sites["status_since"] = updated.astype(object)
    return sites


def deciding_claims(observations: pd.DataFrame) -> pd.DataFrame:
    """Per site (index), the claim that decides its status: stated (date), source, since.

    `since` is the earliest day described by the unbroken run of latest claims that state
    the same status (a restoration stated done in 2023 and again in 2025: since 2023).
    """
    standing = counted(observations)
    status = standing[standing["field"] == "status"] if not standing.empty else standing
    rows = []
    for site_id, group in status.groupby("site_id", sort=False):
        values, last = list(group["value"]), group.iloc[-1]
        first = len(values) - 1
        while first > 0 and values[first - 1] == values[-1]:
            first -= 1
        run = group.iloc[first:]
        starts = run["period_from"] if "period_from" in run else pd.Series(None, index=run.index)
        since = min(pd.Timestamp(a if pd.notna(a) else b) for a, b in zip(starts, run["observed"]))
        rows.append((site_id, _iso(last["observed"]), last["source"], since.date().isoformat()))
    return pd.DataFrame(rows, columns=["site_id", *STATED]).set_index("site_id")


def _iso(value: object) -> str:
    return pd.Timestamp(value).date().isoformat()


def stale(stated: pd.Series, day: dt.date) -> pd.Series:
    """Whether each status was last stated more than STALE_YEARS before `day` (never for no statement)."""
    limit = pd.Timestamp(day) - pd.DateOffset(years=STALE_YEARS)
    return pd.to_datetime(stated, errors="coerce") < limit


def official(observations: pd.DataFrame) -> pd.DataFrame:
    """The observations the public sees: proposals only once another person approved them.

    Rows without a `review` state never needed review (made with review off, or the shipped
    condition build); a proposal waiting or rejected, and its reviews, are left out. The map,
    the figures, exports, the briefing and the API all read the dataset that this filters.
    """
    if observations.empty or "review" not in observations:
        return observations
    keep = observations["review"].isna() | (observations["review"] == "approved")
    keep &= observations["field"] != "review"
    return observations[keep]


def counted(observations: pd.DataFrame) -> pd.DataFrame:
    """Observations that stand: not withdrawn, not themselves withdrawals."""
    if observations.empty:
        return observations
    keep = ~observations["withdrawn"] & observations["field"].isin(COUNTED) & observations["observed"].notna()
    keep &= ~((observations["field"] == "status") & (observations["value"] == "unknown"))
    return observations[keep].sort_values(["observed", "id"])


def apply_observations(sites: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Sites with their latest standing observations applied; source and date follow them."""
    sites = stated_columns(sites)
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
    decided = deciding_claims(standing)
    for site_id, claim in decided.iterrows():
        row = int(row_of[site_id])
        for column in STATED:
            sites.iat[row, sites.columns.get_loc(column)] = claim[column]
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


def stated_words(site: pd.Series | dict, t: Translator = ENGLISH) -> str:
    """Since when a site's status is stated, and by whom: "stated 2025-07-17 by AzerNews; since 2023-05-10".

    Empty when no one states it (an unknown status). Dates stay ISO: they are what a reader
    compares across sites and sources.
    """
    stated, source, since = (site.get(column) for column in STATED)
    if not isinstance(stated, str) or not stated:
        return ""
    words = t.gettext("stated {date} by {source}").format(date=stated, source=source or t.gettext("an unnamed source"))
    if isinstance(since, str) and since and since < stated:
        words += "; " + t.gettext("since {date}").format(date=since)
    return words


def change_words(change: pd.Series | dict, t: Translator = ENGLISH) -> str:
    """One row of Dataset.changes() in words, each side with its source and date:
    "Ashaghi Govhar Agha Mosque: Unknown -> Restored, 100 % (stated 2024-07-05 by Trend)"."""
    name = site_names(change["name"], change["name_local"], t.language).first
    sides = [_side_words(change, side, t) for side in ("before", "after")]
    return t.gettext("{name}: {before} → {after}").format(name=name, before=sides[0], after=sides[1])


def _side_words(change: pd.Series | dict, side: str, t: Translator) -> str:
    words = status_label(change[f"{side}_status"], t)
    progress = change[f"{side}_restoration_progress"]
    if progress is not None and not pd.isna(progress):
        words += f", {t.number(progress)} %"
    stated = stated_words({column: change[f"{side}_{column}"] for column in STATED if f"{side}_{column}" in change}, t)
    return f"{words} ({stated})" if stated else words
