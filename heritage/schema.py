"""The site record: its fields, the allowed values, and the rules a record must pass.

Everything that knows what a valid site looks like lives here, so the loader, the
validate command and (later) the import page all report problems the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from heritage.i18n import ENGLISH, NC_, Translator

# Status order is the order of the legend and of the filter: from good to bad, then
# the two restoration states, and "unknown" last because most sites are unknown.
# The labels are the English messages; status_label() gives them in a reader's language.
STATUSES: dict[str, str] = {
    "intact": NC_("status", "Intact"),
    "at_risk": NC_("status", "At risk"),
    "damaged": NC_("status", "Damaged"),
    "destroyed": NC_("status", "Destroyed"),
    "under_restoration": NC_("status", "Under restoration"),
    "restored": NC_("status", "Restored"),
    "unknown": NC_("status", "Unknown"),
}

DESIGNATIONS: dict[str, str] = {
    "unesco_world_heritage": NC_("designation", "UNESCO World Heritage"),
    "unesco_tentative": NC_("designation", "UNESCO Tentative List"),
    "icesco_islamic_heritage": NC_("designation", "ICESCO Islamic World Heritage"),
    "national_registry": NC_("designation", "National registry"),
}

CATEGORY_LABELS: dict[str, str] = {
    "cultural": NC_("category", "Cultural"),
    "natural": NC_("category", "Natural"),
    "mixed": NC_("category", "Mixed"),
}
CATEGORIES = tuple(CATEGORY_LABELS)


def status_label(status: str, translator: Translator = ENGLISH) -> str:
    """A status as the reader says it: `damaged` -> `Damaged` / `Zədələnib`; an unknown code as it is."""
    return translator.pgettext("status", STATUSES[status]) if status in STATUSES else status


def designation_label(designation: str, translator: Translator = ENGLISH) -> str:
    if designation not in DESIGNATIONS:
        return designation
    return translator.pgettext("designation", DESIGNATIONS[designation])


def code_label(code: str, translator: Translator = ENGLISH) -> str:
    """The label of a status, designation or category code (the three share no code)."""
    if code in STATUSES:
        return status_label(code, translator)
    if code in DESIGNATIONS:
        return designation_label(code, translator)
    return category_label(code, translator)


def category_label(category: str, translator: Translator = ENGLISH) -> str:
    return translator.pgettext("category", CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


# Text fields that are copied as they are (after trimming). Length caps keep one
# hostile record from bloating every page it appears on.
TEXT_LIMITS = {
    "id": 100,
    "name": 300,
    "name_local": 300,
    "region": 200,
    "source": 1000,
    "description": 5000,
    "registry_number": 100,
    "location_source": 1000,
}
# An imported or changed text that would be read as HTML or a template: the import's stricter rule
# (heritage/importing.py for site files, heritage/changes.py for change files).
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|\$\{")
URL_FIELDS = ("image_url", "source_url", "wikidata", "commons_url", "wikipedia_az")
REQUIRED_TEXT = ("id", "name", "source")

# Columns of the loaded table, in display order. Anything else in a record is dropped.
COLUMNS = (
    "id",
    "name",
    "name_local",
    "status",
    "designations",
    "inscription_year",
    "restoration_progress",
    "category",
    "region",
    "description",
    "image_url",
    "source_url",
    "source",
    "updated",
    "registry_number",
    "wikidata",
    "commons_url",
    "wikipedia_az",
    "location_precision",
    "location_source",
)

TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in ("designations", "inscription_year", "restoration_progress"))

FIRST_INSCRIPTION_YEAR = 1978  # the first World Heritage inscriptions
FIRST_NATIONAL_YEAR = 1800  # national registries are older than the World Heritage List
# Where a site stands on the map: "approximate" is drawn differently (a hollow marker).
LOCATION_PRECISIONS = ("exact", "approximate")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record, phrased for the person who fixes the file."""

    record: int | None  # 1-based position in the file; None for the file as a whole
    site_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = "file" if self.record is None else f"record {self.record}"
        if self.site_id:
            where += f" (id {self.site_id})"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}"


class RecordError(ValueError):
    """A field value that cannot stand; carries the field name for the report."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _short(value: object, limit: int = 40) -> str:
    """A value quoted in a message, cut so a million-character name stays readable."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def clean_text(field: str, value: object) -> str | None:
    if _is_missing(value):
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise RecordError(field, f"expected text, got {type(value).__name__}")
    text = str(value).strip()
    limit = TEXT_LIMITS.get(field, 1000)
    if len(text) > limit:
        raise RecordError(field, f"{len(text):,} characters is longer than {limit:,}")
    return text


_URL_BREAKERS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def clean_url(field: str, value: object) -> str | None:
    """Only http(s) links reach a page: `javascript:` and `data:` URLs would run code."""
    text = clean_text(field, value)
    if text is None:
        return None
    if _URL_BREAKERS.search(text):
        # urlparse silently drops newlines and tabs, so a link could carry a second one inside it.
        raise RecordError(field, f"{_short(repr(text))} contains spaces or control characters; a URL has none")
    parsed = urlparse(text)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise RecordError(field, f"'{_short(text)}' is not an http or https URL")
    return text


def clean_status(value: object) -> str:
    if _is_missing(value):
        raise RecordError("status", "is required (use 'unknown' when no source states it)")
    text = str(value).strip().lower()
    if text not in STATUSES:
        raise RecordError("status", f"'{_short(value)}' is not one of {', '.join(STATUSES)}")
    return text


def clean_designations(value: object) -> tuple[str, ...]:
    """A list in GeoJSON; in CSV a `;`- or `,`-separated cell."""
    if _is_missing(value):
        return ()
    if isinstance(value, str):
        items = [part.strip() for part in re.split(r"[;,|]", value) if part.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise RecordError("designations", f"expected a list, got {type(value).__name__}")
    cleaned = []
    for item in items:
        if not isinstance(item, str) or item.strip().lower() not in DESIGNATIONS:
            raise RecordError("designations", f"'{_short(item)}' is not one of {', '.join(DESIGNATIONS)}")
        cleaned.append(item.strip().lower())
    return tuple(sorted(set(cleaned), key=list(DESIGNATIONS).index))


def _as_number(field: str, value: object) -> float | None:
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        raise RecordError(field, f"expected a number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise RecordError(field, f"'{_short(value)}' is not a number") from None
    if not math.isfinite(number):
        raise RecordError(field, f"{_short(value)} is not a finite number")
    return number


def clean_year(value: object, today: dt.date | None = None, unesco: bool = True) -> int | None:
    """The year of inscription on the highest list: from 1978 for UNESCO, from 1800 otherwise.

    A national registry can be much older than the World Heritage List, so only a site
    on a UNESCO list is held to the first World Heritage inscriptions.
    """
    number = _as_number("inscription_year", value)
    if number is None:
        return None
    if number != int(number):
        raise RecordError("inscription_year", f"{_short(value)} is not a whole year")
    this_year = (today or dt.date.today()).year
    if number > this_year:
        raise RecordError("inscription_year", f"{int(number)} is in the future")
    if unesco and number < FIRST_INSCRIPTION_YEAR:
        raise RecordError(
            "inscription_year",
            f"{int(number)} is before the first World Heritage inscriptions ({FIRST_INSCRIPTION_YEAR})",
        )
    if number < FIRST_NATIONAL_YEAR:
        raise RecordError("inscription_year", f"{int(number)} is before {FIRST_NATIONAL_YEAR}")
    return int(number)


def clean_progress(value: object) -> float | None:
    number = _as_number("restoration_progress", value)
    if number is None:
        return None
    if number < 0:
        raise RecordError("restoration_progress", f"{_short(value)} is below 0")
    if number > 100:
        raise RecordError("restoration_progress", f"{_short(value)} is above 100")
    return number


def clean_category(value: object) -> str | None:
    if _is_missing(value):
        return None
    text = str(value).strip().lower()
    if text not in CATEGORIES:
        raise RecordError("category", f"'{_short(value)}' is not one of {', '.join(CATEGORIES)}")
    return text


def clean_location_precision(value: object) -> str | None:
    if _is_missing(value):
        return None
    text = str(value).strip().lower()
    if text not in LOCATION_PRECISIONS:
        raise RecordError("location_precision", f"'{_short(value)}' is not one of {', '.join(LOCATION_PRECISIONS)}")
    return text


def clean_date(value: object) -> str | None:
    text = clean_text("updated", value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise RecordError("updated", f"'{_short(text)}' is not an ISO date (YYYY-MM-DD)") from None


_UNSEEN = object()
REMEMBERED_VALUES = 65_536  # per cleaner; beyond this, new values are cleaned each time


class _Memo:
    """`cleaner` remembered per value: a million records repeat a few statuses, dates and URLs.

    Text and None are remembered as they are, numbers with their type (so True is not 1), a
    list as its tuple, which every cleaner here treats the same. Errors are not remembered.
    `known` is read directly by clean_properties for text, saving a call per field and record.
    """

    def __init__(self, cleaner: Callable[[object], object]):
        self.cleaner = cleaner
        self.known: dict[object, object] = {}

    def __call__(self, value: object) -> object:
        kind = type(value)
        if kind is str or value is None:
            key: object = value
        elif kind is int or kind is float:
            key = (kind, value)
        elif kind is list:
            key = (list, tuple(value))
            try:
                hash(key)
            except TypeError:  # an unhashable item: the cleaner reports it
                return self.cleaner(value)
        else:
            return self.cleaner(value)
        cleaned = self.known.get(key, _UNSEEN)
        if cleaned is _UNSEEN:
            cleaned = self.cleaner(value)
            if len(self.known) < REMEMBERED_VALUES:
                self.known[key] = cleaned
        return cleaned


_status = _Memo(clean_status)
_designations = _Memo(clean_designations)
_progress = _Memo(clean_progress)
# One memory per list. A year accepted once stays acceptable in later years, and errors
# ("in the future") are never remembered, so the memory needs no calendar year in its key.
_years = {unesco: _Memo(functools.partial(clean_year, unesco=unesco)) for unesco in (False, True)}
# Text fields cleaned by a remembered cleaner, in the order clean_properties fills them.
_TEXT_CLEANERS = (
    *((field, _Memo(functools.partial(clean_url, field))) for field in URL_FIELDS),
    ("status", _status),
    ("category", _Memo(clean_category)),
    ("updated", _Memo(clean_date)),
    ("location_precision", _Memo(clean_location_precision)),
)


def clean_properties(properties: dict) -> dict:
    """Return the record's properties cleaned, or raise RecordError for the first bad field.

    Unknown stays unknown: a missing status is an error (the file must say 'unknown'),
    while missing years and progress stay None and are never filled in.
    """
    get = properties.get
    record = dict.fromkeys(COLUMNS)  # every column, in display order, filled below
    for field, limit in TEXT_LIMITS.items():
        value = get(field)
        if type(value) is str and (text := value.strip()) and len(text) <= limit:
            record[field] = text  # clean_text's common case, inline: it runs 7 times per record
        else:
            record[field] = clean_text(field, value)
    for field in REQUIRED_TEXT:
        if record[field] is None:
            raise RecordError(field, "is required")
    for field, memo in _TEXT_CLEANERS:
        value = get(field)
        cleaned = memo.known.get(value, _UNSEEN) if type(value) is str or value is None else _UNSEEN
        record[field] = memo(value) if cleaned is _UNSEEN else cleaned
    designations = _designations(get("designations"))
    record["designations"] = designations
    # Designations come in DESIGNATIONS order, UNESCO lists first.
    unesco = bool(designations) and designations[0].startswith("unesco_")
    record["inscription_year"] = _years[unesco](get("inscription_year"))
    record["restoration_progress"] = _progress(get("restoration_progress"))
    return record


def check_position(lon: float, lat: float) -> None:
    """WGS84 bounds; a swapped pair usually shows up as a latitude above 90."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise RecordError("geometry", "coordinates are not finite numbers")
    if not -90 <= lat <= 90:
        hint = " (longitude and latitude swapped?)" if -90 <= lon <= 90 else ""
        raise RecordError("geometry", f"latitude {lat} is outside -90..90{hint}")
    if not -180 <= lon <= 180:
        raise RecordError("geometry", f"longitude {lon} is outside -180..180")
