"""Place names as the country uses them: a region's official Azerbaijani name and its usual
English and Russian forms, from the one table `data/place_names.csv`.

The sites' `region` field holds the official Azerbaijani name (the basemap build writes it from
this table), so a link says `region=Şuşa` in every language. What a reader sees is that name
in their language, and the Region box labels each option with both forms ("Shusha (Şuşa)"):
Streamlit filters a multiselect's options by the letters typed, in order, without folding
accents, so a reader who types "Shusha", "Susa" or "şuşa" still finds Şuşa.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from heritage.text import fold

PLACE_NAMES = Path(__file__).resolve().parent.parent / "data" / "place_names.csv"
FORMS = ("az", "en", "ru")  # languages with a form in the table; any other reads the English


class PlaceName(NamedTuple):
    """One row of data/place_names.csv."""

    kind: str  # "region" (key: Natural Earth adm1_code) or "town" (key: GeoNames id)
    key: str
    az: str
    en: str
    ru: str
    source: str

    def form(self, language: str) -> str:
        """The name in `language`: az, en, ru; English for a language the table lacks."""
        return getattr(self, language if language in FORMS else "en") or self.az


def map_property(language: str) -> str:
    """The basemap layers' name property a reader of `language` sees: `name` (az), `name_en`, `name_ru`."""
    return "name" if language == "az" else f"name_{language if language in FORMS else 'en'}"


@functools.cache
def read_table(path: Path = PLACE_NAMES) -> tuple[PlaceName, ...]:
    """Every row of the table (the basemap scripts and the app read the same file)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(PlaceName(**row) for row in csv.DictReader(handle))


def map_properties(kind: str) -> dict[str, dict[str, str]]:
    """{key: {"name": az, "name_en": en, "name_ru": ru}} of one kind: the basemap layers' names."""
    return {row.key: {"name": row.az, "name_en": row.en, "name_ru": row.ru} for row in read_table() if row.kind == kind}


@functools.cache
def regions_by_name() -> dict[str, PlaceName]:
    """The regions by official Azerbaijani name (a city and its district share one name)."""
    return {row.az: row for row in read_table() if row.kind == "region"}


def region_name(region: str, language: str) -> str:
    """`Şuşa` -> `Shusha` in en, `Шуша` in ru; a region the table lacks stays as the data has it."""
    row = regions_by_name().get(region)
    return row.form(language) if row else region


def region_label(region: str, language: str) -> str:
    """The Region box's option: the reader's form first, the Latin forms that differ after it.

    `Shusha (Şuşa)` in en, `Şuşa (Shusha)` in az, `Шуша (Şuşa, Shusha)` in ru; `Quba` alone.
    `Goygol (Göygöl)` too: the box matches letters as typed, so "Göygöl" finds only the one
    with the accents and "Goygol" only the one without.
    """
    row = regions_by_name().get(region)
    if row is None:
        return region
    first = row.form(language)
    others = [name for name in dict.fromkeys((row.az, row.en)) if name.casefold() != first.casefold()]
    return f"{first} ({', '.join(others)})" if others else first


def region_forms(region: str) -> tuple[str, ...]:
    """Every form of a region: `("Gəncə", "Ganja", "Гянджа")`; a region the table lacks: itself."""
    row = regions_by_name().get(region)
    return tuple(dict.fromkeys((row.az, row.en, row.ru))) if row else (region,)


def region_search_text(region: object) -> str:
    """Every form of a region, for the search box: `Gəncə Ganja Гянджа`."""
    return " ".join(region_forms(region)) if isinstance(region, str) and region else ""


def region_named(text: str, regions: Sequence[str]) -> str | None:
    """The region of `regions` that `text` names in any form, case and accents aside: a link's
    `region=Shusha`, `region=SHUSHA` or `region=Шуша` is Şuşa; None when none is named."""
    key = fold(text.strip())
    return next((region for region in regions if key in {fold(form) for form in region_forms(region)}), None)
