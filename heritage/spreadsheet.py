"""Text cells made safe for spreadsheet programs, and the same step undone on import.

One place for the rule, so every CSV the app writes (site exports, chart data) is
defused the same way and the import reverses exactly that.
"""

from __future__ import annotations

import re

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 controls except tab, line feed and carriage return (which text may hold), and DEL:
# Excel refuses a file containing them (openpyxl raises IllegalCharacterError).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: object) -> object:
    """Text without control characters; other values as they are."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def _runs_as_formula(text: str) -> bool:
    """True for `=1`, and for `'=1`, `''=1`: the quotes are counted so that undefuse()
    reverses defuse() exactly, even for text that itself starts with a quote."""
    return text.lstrip("'").startswith(FORMULA_START)


def defuse(value: object) -> object:
    """Quote text that a spreadsheet would run as a formula (CSV/formula injection): -7 -> '-7."""
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    return value


def undefuse(value: str) -> str:
    """The inverse of defuse(), for CSV import: '-7 -> -7; a quote before other text stays."""
    if value.startswith("'") and _runs_as_formula(value):
        return value[1:]
    return value


def safe_text_columns(frame: pd.DataFrame, defused: bool = True) -> pd.DataFrame:
    """A copy whose text cells have no control characters and (for CSV) no formulas."""
    frame = frame.copy()
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    for column in text_columns:
        cleaned = frame[column].map(without_controls)
        frame[column] = cleaned.map(defuse) if defused else cleaned
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Every CSV the app writes: defused, no control characters, UTF-8 with a byte-order mark
    (so Excel shows Azerbaijani letters correctly)."""
    return safe_text_columns(frame).to_csv(index=False).encode("utf-8-sig")
