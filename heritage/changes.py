"""A change file: new status and progress for sites already on the map, without coordinates.

An office that inspected a few sites sends back a short table (`id, status,
restoration_progress, source, source_url, updated`) rather than the whole site record.
Each row becomes observations for the fields it changes; rows with a problem are named
and left out, the valid rest is recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from heritage.dataset import Dataset
from heritage.problemlog import ProblemLog
from heritage.schema import MARKUP, Problem, RecordError, clean_progress, clean_status
from heritage.sources import DataFileError, decode
from heritage.store import NewObservation, checked_row

COLUMNS = ("id", "status", "restoration_progress", "source", "source_url", "updated")
TEMPLATE = ",".join(COLUMNS) + "\n"
CHANGED_FIELDS = {"status": clean_status, "restoration_progress": clean_progress}


@dataclass
class ChangePlan:
    observations: list[NewObservation] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)  # counted; the first 100 kept, all in the report
    rows_read: int = 0
    total_sites: int = 0

    @property
    def sites_changed(self) -> int:
        return len({o.site_id for o in self.observations})

    def summary(self) -> str:
        """E.g. "changes 2 of 893 sites; the other 891 stay as they are"."""
        changed, total = self.sites_changed, self.total_sites
        return f"changes {changed:,} of {total:,} sites; the other {total - changed:,} stay as they are"


def is_change_file(raw: bytes, file_name: str) -> bool:
    """A CSV without coordinate columns: changes to known sites, not site records."""
    if not file_name.lower().endswith(".csv"):
        return False
    try:
        first_line = decode(raw.split(b"\n", 1)[0], file_name)
    except DataFileError:
        return False  # the full import names the problem
    header = next(csv.reader(io.StringIO(first_line)), [])
    names = {column.strip().lower() for column in header}
    return "id" in names and not {"latitude", "longitude"} & names


def plan_changes(raw: bytes, file_name: str, current: Dataset, author: str, today: dt.date | None = None) -> ChangePlan:
    """The observations a change file asks for, and a problem for each row that cannot be used.

    Each observation has passed every rule the store applies (heritage.store.checked_row), so
    what the report accepts is what Record stores.
    """
    today = today or dt.date.today()
    plan = ChangePlan(total_sites=len(current.sites))
    known = {row["id"]: row for row in current.sites[["id", *CHANGED_FIELDS]].to_dict("records")}
    for number, (row, unreadable) in enumerate(_rows(decode(raw, file_name), file_name), start=1):
        plan.rows_read = number
        try:
            if unreadable:
                raise unreadable
            observations = _row_observations(row, known, author, today)
            for observation in observations:
                checked_row(observation)
        except RecordError as error:
            plan.problems.append(Problem(number, row.get("id", "")[:100] or None, error.field, error.message))
        else:
            plan.observations.extend(observations)
    plan.problems.finish()
    return plan


def _rows(text: str, file_name: str) -> Iterator[tuple[dict[str, str], RecordError | None]]:
    """Each data row as {column: cell}, with the RecordError that says why it cannot be used, if any.

    A row with more cells than the header has columns, or a cell the csv module refuses
    (over 131,072 characters), is one problem row; the rows after it are still read.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as error:
        raise DataFileError(f"{file_name}: its first line (the column names) cannot be read: {error}.") from None
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield {}, RecordError("row", f"cannot be read: {error}")
            continue
        if not cells:
            continue  # a blank line, as csv.DictReader skips it
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
        too_long = len(cells) > len(header)
        yield (
            row,
            RecordError("row", f"{len(cells)} cells, but the first line names {len(header)} columns")
            if too_long
            else None,
        )


def _row_observations(row: dict, known: dict, author: str, today: dt.date) -> list[NewObservation]:
    site_id = row.get("id", "")
    if site_id not in known:
        raise RecordError("id", f"no site with the id “{site_id[:100]}” on the map; a new site needs a full record")
    if not row.get("source"):
        raise RecordError("source", "required: who states this change")
    for name in ("source", "source_url"):
        if MARKUP.search(row.get(name, "")):
            raise RecordError(name, "contains HTML markup or ${...} template syntax; plain text only")
    observed = today
    if row.get("updated"):
        try:
            observed = min(dt.date.fromisoformat(row["updated"]), today)
        except ValueError:
            raise RecordError("updated", f"“{row['updated'][:40]}” is not a date YYYY-MM-DD") from None
    observations = []
    for name, clean in CHANGED_FIELDS.items():
        if not row.get(name):
            continue  # an empty cell changes nothing
        value = clean(_tidy(name, row[name]))
        if value in (None, "unknown") or _same(value, known[site_id][name]):
            continue
        observations.append(
            NewObservation(site_id, name, value, observed, row["source"], author, row.get("source_url") or None)
        )
    return observations


def _tidy(name: str, cell: str) -> str:
    """What people type: "Under restoration" for under_restoration, "40 %" for 40."""
    if name == "status":
        return cell.lower().replace(" ", "_")
    return cell.removesuffix("%").strip()


def _same(value: object, existing: object) -> bool:
    if isinstance(value, float) and isinstance(existing, float) and not math.isnan(existing):
        return abs(value - existing) < 1e-9
    return value == existing
