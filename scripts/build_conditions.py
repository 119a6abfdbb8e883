#!/usr/bin/env python3
"""Build data/observations.csv, the shipped condition record, from the statements in the repo.

Inputs (committed, see data/source/condition-statements/README.md):
* statements.csv: 62 public statements (who said what about which monument, and when),
  copied unchanged from the shared folder.
* statements_added.csv: statements this project added, same columns (the folder's README
  says who added them, when and from which public page).
* status_mapping.csv: for each statement (file + row), the site(s) it is about, our status
  and progress, the period the claim describes and a one-line reason; or why it is not placed.
* data/sites.geojson: the site ids (run scripts/build_sites.py first).

Output: data/observations.csv, one row per statement x site x field, each citing its
statement file and row (`statement_file`, `statement_row`, and `key` = the unique key the store keeps), written
deterministically; and the counts between the conditions markers in data/SOURCES.md.

Dating: `observed` is the last day the claim is known to describe (`period_to`), but never
later than the earliest day the statement can have been made (a statement dated only
"2024-05" counts from 2024-05-01). So a survey of 1994-2020 published in 2023 is dated to
the eve of the 2020 war, and a month-dated statement never overrides a fully dated one of
the same month. Undated statements become undated notes (empty `observed`), which never
decide the current state.

Usage: .venv/bin/python scripts/build_conditions.py
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from heritage.conditions import (  # noqa: E402
    FIELDS,
    PUBLISHER_NAMES,
    SHARED_STATEMENTS,
    STATEMENT_FILES,
    contested_sites,
    observation_frame,
    statement_key,
)
from heritage.history import counted  # noqa: E402
from heritage.schema import STATUSES  # noqa: E402

SOURCE_DIR = ROOT / "data" / "source" / "condition-statements"
MAPPING = SOURCE_DIR / "status_mapping.csv"
SITES = ROOT / "data" / "sites.geojson"
OUT = ROOT / "data" / "observations.csv"
SOURCES_MD = ROOT / "data" / "SOURCES.md"
START, END = "<!-- conditions:start -->", "<!-- conditions:end -->"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def date_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a statement date can mean: 2013 -> 2013-01-01..2013-12-31."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def statement_date(statement: dict, mapping: dict) -> str:
    """The statement's own date, else the date the mapping establishes for an undated page (`dated`)."""
    return statement["date"] or mapping.get("dated", "")


def summary(statement: dict) -> str:
    """What the statement says, in our short words: `status_stated` (first batch) or `claim` (second)."""
    return statement.get("status_stated") or statement.get("claim", "")


def cited_row(file: str, number: int) -> str:
    """How a note names its statement: the shared file's rows as they always were."""
    return f"row {number}" if file == SHARED_STATEMENTS else f"row {number} of {file}"


def check(mapping: dict, statement: dict, site_ids: set[str]) -> list[str]:
    """Why a mapping row cannot stand, as sentences naming the row and field."""
    row = cited_row(mapping["file"], int(mapping["row"]))
    errors = []
    if mapping["monument"] != statement["monument"]:
        errors.append(f"{row}: monument '{mapping['monument']}' is not the statement's '{statement['monument']}'")
    if mapping["status"] not in STATUSES:
        errors.append(f"{row}: status '{mapping['status']}' is not one of {', '.join(STATUSES)}")
    if mapping["progress"] and not 0 <= float(mapping["progress"]) <= 100:
        errors.append(f"{row}: progress {mapping['progress']} is outside 0-100")
    span = date_span(statement_date(statement, mapping))
    if statement["date"] and mapping.get("dated"):
        errors.append(f"{row}: dated is only for an undated statement")
    if (span is None) != (not mapping["period_to"]):
        errors.append(f"{row}: period_to must be empty exactly when the statement is undated")
    if span and mapping["period_to"] > span[1].isoformat():
        errors.append(f"{row}: period_to {mapping['period_to']} is after the statement ({statement['date']})")
    if mapping["period_from"] > mapping["period_to"]:
        errors.append(f"{row}: period_from is after period_to")
    sites = mapping["sites"].split()
    if bool(sites) == bool(mapping["not_placed"]):
        errors.append(f"{row}: give either sites or a reason in not_placed, not both or neither")
    errors += [f"{row}: site {s} is not in data/sites.geojson" for s in sites if s not in site_ids]
    return errors


def observations(statements: dict[str, list[dict]], mappings: list[dict]) -> list[dict]:
    """One row per statement x site x field; progress only where a figure is mapped."""
    out = []
    for mapping in mappings:
        file, number = mapping["file"], int(mapping["row"])
        statement = statements[file][number - 1]
        span = date_span(statement_date(statement, mapping))
        observed = min(dt.date.fromisoformat(mapping["period_to"]), span[0]).isoformat() if span else ""
        note = (
            f"Statement {cited_row(file, number)}: {summary(statement)}. "
            f"Mapped to {mapping['status']}: {mapping['reason']}."
        )
        values = [("status", mapping["status"])]
        if mapping["progress"]:
            values.append(("restoration_progress", f"{float(mapping['progress']):g}"))
        for site_id in mapping["sites"].split():
            for field, value in values:
                out.append(
                    {
                        "key": statement_key(file, number, site_id, field, mapping["reading"]),
                        "statement_file": file,
                        "statement_row": str(number),
                        "site_id": site_id,
                        "field": field,
                        "value": value,
                        "observed": observed,
                        "period_from": mapping["period_from"] if span else "",
                        "period_to": mapping["period_to"] if span else "",
                        "source": PUBLISHER_NAMES.get(statement["publisher"], statement["publisher"]),
                        "source_url": statement["url"],
                        "note": note,
                    }
                )
    return out


def counts_text(rows: list[dict], mappings: list[dict], names: dict[str, str]) -> str:
    """The counts block for data/SOURCES.md (computed here, never typed by hand)."""
    frame = observation_frame(rows)
    standing = counted(frame)
    status = standing[standing["field"] == "status"].groupby("site_id").tail(1)
    contested = sorted(contested_sites(frame))
    unplaced = [m for m in mappings if m["not_placed"]]
    lines = [
        START,
        f"- Statements: {len(mappings)}; placed on a site: {len(mappings) - len(unplaced)}; "
        f"observations shipped: {len(rows)} "
        f"({sum(1 for r in rows if not r['observed'])} of them undated notes).",
        f"- Sites with a sourced status (latest dated statement, not unknown): {len(status)}.",
        "- By status: "
        + ", ".join(
            f"`{s}` {n}" for s, n in sorted(Counter(status["value"]).items(), key=lambda i: list(STATUSES).index(i[0]))
        ),
        "- By publisher of that latest statement:",
        *[f"  - {p}: {n}" for p, n in sorted(Counter(status["source"]).items(), key=lambda i: (-i[1], i[0]))],
        f"- Contested sites (sources disagree): {len(contested)}: "
        + ", ".join(f"{site} {names.get(site, '')}".strip() for site in contested)
        + ".",
        f"- Statements not placed: {len(unplaced)}:",
    ]
    for reason, group in sorted(_by_reason(unplaced).items()):
        lines.append(f"  - row{'s' if len(group) > 1 else ''} {', '.join(group)}: {reason}")
    lines.append(END)
    return "\n".join(lines)


def _by_reason(unplaced: list[dict]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for mapping in unplaced:
        number = mapping["row"] if mapping["file"] == SHARED_STATEMENTS else f"{mapping['file']} {mapping['row']}"
        grouped.setdefault(mapping["not_placed"], []).append(number)
    return grouped


def with_counts(document: str, text: str) -> str:
    """data/SOURCES.md with its counts block replaced by `text`."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(document):
        sys.exit(f"{SOURCES_MD.relative_to(ROOT)} has no {START} ... {END} block")
    return pattern.sub(lambda _match: text, document)


def build() -> tuple[str, str]:
    """The text of data/observations.csv and of data/SOURCES.md, built from the inputs."""
    statements = {file: read_csv(SOURCE_DIR / file) for file in STATEMENT_FILES}
    mappings = read_csv(MAPPING)
    features = json.loads(SITES.read_text(encoding="utf-8"))["features"]
    names = {f["properties"]["id"]: f["properties"]["name"] for f in features}
    expected = [(file, str(n)) for file in STATEMENT_FILES for n in range(1, len(statements[file]) + 1)]
    if [(m["file"], m["row"]) for m in mappings] != expected:
        files = ", then ".join(STATEMENT_FILES)
        sys.exit(f"status_mapping.csv must have one row per statement: {files}, each file's rows 1..N in order")
    errors = [e for m in mappings for e in check(m, statements[m["file"]][int(m["row"]) - 1], set(names))]
    if errors:
        sys.exit("\n".join(errors))
    rows = observations(statements, mappings)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    counts = counts_text(rows, mappings, names)
    return buffer.getvalue(), with_counts(SOURCES_MD.read_text(encoding="utf-8"), counts)


def main() -> None:
    observations_text, sources_text = build()
    OUT.write_text(observations_text, encoding="utf-8")
    SOURCES_MD.write_text(sources_text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {observations_text.count(chr(10)) - 1} observations")
    print(f"wrote the counts into {SOURCES_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
