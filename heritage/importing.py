"""Check an uploaded file before it becomes a new version of the base data.

Stricter than loading for display: besides the site record's rules, text with HTML markup
or `${...}` template syntax is refused, because an import is meant to be clean data and
such text is a sign of a hostile or broken file. A record with a problem is never
imported; the valid rest can be, after the editor confirms the counts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
import shapely.geometry

from heritage.dataset import Dataset
from heritage.extent import Bounds
from heritage.problemlog import ProblemLog
from heritage.schema import MARKUP, Problem, RecordError, clean_properties
from heritage.sources import DataFileError, build_sites, decode, iter_rows
from heritage.store import OBSERVED_FIELDS, NewObservation

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # also Streamlit's server.maxUploadSize (MB) in config.toml
TEXT_FIELDS = ("id", "name", "name_local", "region", "description", "source", "registry_number")


@dataclass
class ImportPlan:
    features: list[dict] = field(default_factory=list)  # the valid records, as GeoJSON features
    problems: ProblemLog | list[Problem] = field(default_factory=list)  # plan_import: a bounded ProblemLog
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    records_read: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"added": self.added, "changed": self.changed, "unchanged": self.unchanged}


def _markup(properties: dict) -> RecordError | None:
    for name in TEXT_FIELDS:
        value = properties.get(name)
        if isinstance(value, str) and MARKUP.search(value):
            return RecordError(name, "contains HTML markup or ${...} template syntax; plain text only")
    return None


SWAP_MARGIN_DEGREES = 3.0


def _swapped(geometry: dict, area: Bounds | None) -> RecordError | None:
    """A point outside the data's area (with a margin) that would fall inside it with its coordinates swapped.

    For a country's registry this catches the usual [latitude, longitude] mistake; for
    data spread over the world nothing can be told, and nothing is refused.
    """
    if geometry.get("type") != "Point" or area is None:
        return None
    lon, lat = (float(v) for v in geometry["coordinates"][:2])
    area = area.padded(SWAP_MARGIN_DEGREES)
    if not area.contains(lon, lat) and area.contains(lat, lon):
        return RecordError("geometry", f"[{lon}, {lat}] looks swapped: GeoJSON is [longitude, latitude]")
    return None


def plan_import(raw: bytes, file_name: str, current: Dataset) -> ImportPlan:
    """What importing `raw` would do. Raises DataFileError when the file cannot be read at all.

    Memory stays bounded whatever the file holds: rows are read one at a time (twice: once to
    validate, once to pick up the valid ones), and problems go to a ProblemLog (a count, the
    first few, every one in a temporary file for the report).
    """
    if len(raw) > MAX_IMPORT_BYTES:
        raise DataFileError(
            f"{file_name} is {len(raw) / 2**20:,.1f} MB; the limit for an import is {MAX_IMPORT_BYTES // 2**20} MB."
        )
    text = decode(raw, file_name)
    problems = ProblemLog()
    result = build_sites(iter_rows(text, file_name), problems=problems)
    plan = ImportPlan(problems=problems, records_read=result.records_read)
    problems.new_run()  # the import's own checks, in record order after the validation's
    now = {row["id"]: row for row in current.sites.to_dict("records")}
    # Go back to each valid record by its position, not its id: the id in the file may be
    # 5 or " padded " where the cleaned id is "5" or "padded".
    valid = dict(zip(result.record_numbers, result.sites["id"].tolist(), strict=True))
    last = max(valid, default=0)
    for number, (properties, geometry) in enumerate(iter_rows(text, file_name) if valid else (), start=1):
        if number > last:
            break
        site_id = valid.get(number)
        if site_id is None:
            continue
        error = _markup(properties) or _swapped(geometry, current.bounds)
        if error:
            problems.append(Problem(number, site_id, error.field, error.message))
            continue
        record = clean_properties(properties)
        plan.features.append({"type": "Feature", "geometry": geometry, "properties": _json_ready(record)})
        _count(plan, record, geometry, now.get(record["id"]))
    problems.finish()
    return plan


def _json_ready(record: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in record.items() if v is not None and v != ()}


def _count(plan: ImportPlan, record: dict, geometry: dict, existing: dict | None) -> None:
    if existing is None:
        plan.added += 1
    elif all(_norm(record[k]) == _norm(existing.get(k)) for k in record) and _same_place(geometry, existing):
        plan.unchanged += 1
    else:
        plan.changed += 1


def _norm(value: object) -> object:
    """Missing is missing, whatever its spelling (None, NaN, pandas NA, empty list or text)."""
    if value is None or value is pd.NA or value in ((), "") or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    return str(value)


def _same_place(geometry: dict, existing: dict) -> bool:
    """Points compare by coordinates (to about 10 cm); other shapes by their GeoJSON."""
    if geometry.get("type") == "Point":
        lon, lat = (float(v) for v in geometry["coordinates"][:2])
        return abs(lon - existing["lon"]) < 1e-6 and abs(lat - existing["lat"]) < 1e-6
    outline = existing.get("shape")
    return outline is not None and shapely.geometry.shape(geometry).equals(outline)


def as_observations(
    plan: ImportPlan, current: Dataset, author: str, today: dt.date | None = None
) -> list[NewObservation]:
    """The import as observations instead of a new base version: one per changed field.

    Only status, restoration progress and designations of sites already on the map can be
    observed; each observation takes the record's `source`, `source_url` and `updated` date
    (today when it has none). New sites and other fields need a base version.
    """
    today = today or dt.date.today()
    now = {row["id"]: row for row in current.sites.to_dict("records")}
    observations = []
    for feature in plan.features:
        record, existing = feature["properties"], now.get(feature["properties"]["id"])
        if existing is None:
            continue
        observed = dt.date.fromisoformat(record["updated"]) if record.get("updated") else today
        for name in OBSERVED_FIELDS:
            value = record.get(name)
            # Absent values and "unknown" state nothing new; they never replace what is known.
            if value in (None, "unknown") or _norm(value) == _norm(existing.get(name)):
                continue
            observations.append(
                NewObservation(
                    record["id"], name, value, min(observed, today), record["source"], author, record.get("source_url")
                )
            )
    return observations
