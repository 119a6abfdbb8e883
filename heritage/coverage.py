"""How much of the national registry the map holds, against the registry's published totals.

The totals are published figures, each with its publisher, date and link
(`data/source/condition-statements/registry-coverage.csv`); what the map holds is counted from
the loaded sites, by distinct top-level registry number (`2.2` and `2` are one monument's
numbers, `293, 294` are two), as that file's own count explains. A monument missing from the
map is missing from the data at hand: nothing is said of its condition.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from heritage.places import region_forms
from heritage.text import fold

SOURCE_DIR = Path(__file__).resolve().parent.parent / "data" / "source" / "condition-statements"
COVERAGE = SOURCE_DIR / "registry-coverage.csv"
STATEMENTS_2 = SOURCE_DIR / "statements-2.csv"
MAPPING = SOURCE_DIR / "status_mapping.csv"
COUNTRY, RETURNED = "6308", "706"  # the `value` of the two published totals the About page compares with
# The districts returned in 2020 (matched in any form of the region's name, accents aside: Qubadlı is
# also Qubadli); Tərtər is left out, as registry-coverage.csv explains (only partly occupied).
RETURNED_DISTRICTS = (
    "Kəlbəcər", "Xocavənd", "Cəbrayıl", "Zəngilan", "Ağdam", "Füzuli", "Xocalı", "Laçın", "Şuşa", "Qubadlı", "Xankəndi",
)  # fmt: skip


@dataclass(frozen=True)
class Published:
    """One published figure: what it counts, its value, and who published it when, where."""

    figure: str
    value: str
    date: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Coverage:
    held: int  # distinct top-level registry numbers on the map
    country: list[Published]  # the registry's published total (6,308), by each publisher that states it
    held_returned: int  # sites with a registry number in the returned districts
    returned: list[Published]  # the published total for the returned districts (706)


def published(path: Path = COVERAGE) -> list[Published]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Published(r["figure"], r["value"], r["date"], r["publisher"], r["url"]) for r in csv.DictReader(handle)]


def registry_numbers(numbers: pd.Series) -> set[str]:
    """Distinct top-level registry numbers: "2.2" -> 2, "26—1037" -> 26, "293, 294" -> 293 and 294."""
    found = set()
    for text in numbers.dropna():
        for number in str(text).split(","):
            top = re.split(r"[.\-—]", number.strip())[0]
            if top:
                found.add(top)
    return found


def coverage(sites: pd.DataFrame, path: Path = COVERAGE) -> Coverage:
    figures = [f for f in published(path) if f.url]
    numbered = sites[sites["registry_number"].notna()]
    return Coverage(
        held=len(registry_numbers(numbered["registry_number"])),
        country=[f for f in figures if f.value == COUNTRY],
        held_returned=int(numbered["region"].map(_returned).sum()),
        returned=[f for f in figures if f.value == RETURNED],
    )


def _returned(region: object) -> bool:
    wanted = {fold(district) for district in RETURNED_DISTRICTS}
    return isinstance(region, str) and any(fold(form) in wanted for form in region_forms(region))


def context_statements(mapping: Path = MAPPING, statements: Path = STATEMENTS_2) -> list[dict[str, str]]:
    """The statements about a region or the registry (not one monument): context, never a status."""
    with mapping.open(encoding="utf-8", newline="") as handle:
        rows = [(m["file"], int(m["row"])) for m in csv.DictReader(handle) if m.get("context")]
    with statements.open(encoding="utf-8", newline="") as handle:
        second = list(csv.DictReader(handle))
    return [
        {key: second[row - 1][key] for key in ("date", "publisher", "url", "claim", "monument")}
        for file, row in rows
        if file == statements.name
    ]
