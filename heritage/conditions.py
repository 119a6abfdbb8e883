"""Sourced statements as observations, and the rule for "sources disagree".

The shipped file `data/observations.csv` (built by `scripts/build_conditions.py` from
`data/source/condition-statements/`) holds one observation per statement, site and field,
each citing its statement file and row (`statements.csv`, the shared statements copied unchanged,
or `statements_added.csv`, the ones this project added). The app loads it into the store on start (see
`load_shipped`); loading is idempotent because every observation has a unique key.

**The rule.** A site's sources disagree (the site is *contested*) when two standing, dated
status claims about it come from different publishers, state different statuses, and
describe overlapping periods. A claim describes the period `period_from`..`period_to` when
the statement gives one (a satellite survey of 1994-2020, damage "during the occupation"),
else the day it was observed. Undated notes and "unknown" take no part: an undated claim
cannot be placed in time, and "unknown" states nothing. The product never resolves a
disagreement: the current state stays the latest dated observation, and every claim is shown.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from heritage.schema import STATUSES
from heritage.store import NewObservation, Store

AUTHOR = "condition statements build"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "observations.csv"
MAPPING = Path(__file__).resolve().parent.parent / "data" / "source" / "condition-statements" / "status_mapping.csv"
SHARED_STATEMENTS = "statements.csv"  # copied unchanged from the shared folder
ADDED_STATEMENTS = "statements_added.csv"  # statements this project added (see the folder's README)
SECOND_BATCH = "statements-2.csv"  # the shared second batch (2024-2025), copied unchanged
STATEMENT_FILES = (SHARED_STATEMENTS, ADDED_STATEMENTS, SECOND_BATCH)
# One publisher, one name (the shared README's second reading): the name used for each alias.
PUBLISHER_NAMES = {"UNESCO": "UNESCO World Heritage Centre"}
SECOND_READING = "second reading"  # the reason of each withdrawal of a first-build observation
FIELDS = (
    "key", "statement_file", "statement_row", "site_id", "field", "value", "observed", "period_from", "period_to",
    "source", "source_url", "note",
)  # fmt: skip


def statement_key(file: str, row: int, site_id: str, field: str, reading: str = "") -> str:
    """The unique key of one shipped observation: statement file and row, site and field.

    The store keeps it unique, so a key once shipped must never change (keys of the shared
    file have been `statements.csv#row/site/field` since the first release). A row read again
    (`reading` "2" in status_mapping.csv) gets new keys (`...@2`): its old observations are
    withdrawn on start and the new ones added, so nothing is edited in place.
    """
    suffix = f"@{reading}" if reading and reading != "1" else ""
    return f"{file}#{row}/{site_id}/{field}{suffix}"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None


def read_rows(path: Path = SHIPPED) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def observation_frame(rows: list[dict]) -> pd.DataFrame:
    """Shipped rows as the store returns observations, so the same rules apply without a store.

    Used by the build script (for its counts) and when the store cannot be reached.
    """
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    for column in ("observed", "period_from", "period_to"):
        frame[column] = frame[column].map(_date).astype(object)
    frame["value"] = [
        float(value) if field == "restoration_progress" else value
        for field, value in zip(frame["field"], frame["value"])
    ]
    frame["source_url"] = frame["source_url"].map(lambda url: url or None).astype(object)
    frame["id"] = range(1, len(frame) + 1)
    frame["author"] = AUTHOR
    frame["withdraws"] = None
    frame["withdrawn"] = False
    return frame.rename(columns={"key": "statement"})


def shipped_frame(path: Path = SHIPPED) -> pd.DataFrame:
    """The shipped observations as a frame; empty when the file is absent."""
    return observation_frame(read_rows(path) if path.exists() else [])


def read_shipped(path: Path = SHIPPED) -> list[NewObservation]:
    """The shipped observations as NewObservation, ready for the store."""
    rows = read_rows(path)
    return [
        NewObservation(
            site_id=row["site_id"],
            field=row["field"],
            value=float(row["value"]) if row["field"] == "restoration_progress" else row["value"],
            observed=_date(row["observed"]),
            source=row["source"],
            author=AUTHOR,
            source_url=row["source_url"] or None,
            note=row["note"] or None,
            period_from=_date(row["period_from"]),
            period_to=_date(row["period_to"]),
            statement=row["key"],
        )
        for row in rows
    ]


def load_shipped(store: Store, path: Path = SHIPPED) -> int:
    """Bring the store to the shipped build; the number of observations added.

    Adds the shipped observations the store does not hold yet, and withdraws (reason
    "second reading") every earlier shipped observation whose key the build no longer has:
    a row read again ships under a new key. Both steps are idempotent, so a second start
    changes nothing; nothing is edited or deleted.
    """
    if not path.exists():
        return 0
    shipped = read_shipped(path)
    added = store.load_statements(shipped)
    store.withdraw_statements({o.statement for o in shipped}, AUTHOR, SECOND_READING)
    return added


@dataclass(frozen=True)
class ConditionCounts:
    """What the About page says about the condition record of the loaded data."""

    by_status: dict[str, int]  # sites with a sourced status (not unknown), per status
    by_publisher: dict[str, int]  # the same sites, per source of their current status
    contested: int


def condition_counts(sites: pd.DataFrame) -> ConditionCounts:
    known = sites[sites["status"] != "unknown"]
    by_status = known["status"].value_counts()
    by_publisher = known["source"].value_counts()
    return ConditionCounts(
        by_status={status: int(by_status[status]) for status in STATUSES if status in by_status},
        by_publisher={str(source): int(n) for source, n in sorted(by_publisher.items(), key=lambda i: (-i[1], i[0]))},
        contested=int(sites["contested"].sum()) if "contested" in sites else 0,
    )


def unplaced_statements(path: Path = MAPPING) -> pd.DataFrame:
    """Statements the build could not place on a site: file, row, monument and why."""
    if not path.exists():
        return pd.DataFrame(columns=["file", "row", "monument", "reason"])
    rows = [row for row in read_rows(path) if row["not_placed"]]
    return pd.DataFrame(
        {"file": [r["file"] for r in rows], "row": [int(r["row"]) for r in rows],
         "monument": [r["monument"] for r in rows], "reason": [r["not_placed"] for r in rows]}
    )  # fmt: skip


def claims(observations: pd.DataFrame) -> pd.DataFrame:
    """Standing, dated status claims other than "unknown", with the period each describes."""
    if observations.empty:
        return pd.DataFrame(columns=["site_id", "source", "value", "start", "end", "observed", "source_url", "id"])
    status = observations[
        (observations["field"] == "status")
        & ~observations["withdrawn"]
        & observations["observed"].notna()
        & (observations["value"] != "unknown")
    ]
    period_from = status["period_from"] if "period_from" in status else pd.Series(None, index=status.index)
    period_to = status["period_to"] if "period_to" in status else pd.Series(None, index=status.index)
    return pd.DataFrame(
        {
            "site_id": status["site_id"],
            "source": status["source"],
            "value": status["value"],
            "start": pd.to_datetime(period_from.where(period_from.notna(), status["observed"])),
            "end": pd.to_datetime(period_to.where(period_to.notna(), status["observed"])),
            "observed": status["observed"],
            "source_url": status["source_url"],
            "id": status["id"],
        }
    )


def _disagree(site_claims: pd.DataFrame) -> bool:
    rows = list(site_claims.itertuples(index=False))
    for position, a in enumerate(rows):
        for b in rows[position + 1 :]:
            if a.source != b.source and a.value != b.value and a.start <= b.end and b.start <= a.end:
                return True
    return False


def contested_sites(observations: pd.DataFrame) -> set[str]:
    """Ids of the sites whose sources disagree, by the rule in this module's docstring."""
    found = claims(observations)
    return {site_id for site_id, group in found.groupby("site_id") if len(group) > 1 and _disagree(group)}
