"""Which sites to show: one declaration per filter, the SiteFilter they fill, applying it, words.

Each filter is declared once (FILTERS below) with everything about it: its URL parameters,
its sidebar widgets, how it narrows the sites, how it reads in words and in an export's file
name. Each states the contract FilterDeclaration spells out. SiteFilter's fields, the index's
columns, the URL (links.py), the sidebar (ui/sidebar.py), describe(), export.file_name() and
every serialisation of a view are derived from FILTERS, so adding a filter is one declaration
plus its messages in the catalogues; tests/unit/test_filter_round_trip.py then checks it
survives every way a view travels.

A SiteFilter is plain data so that the sidebar, the URL, saved scenes, live sessions and the
briefing command all describe a selection the same way. Filtering runs on a SiteIndex of numpy
arrays built once per dataset, so a filter change at 100,000 sites takes milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, make_dataclass
from dataclasses import field as dataclass_field
from typing import Literal, NamedTuple, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from heritage.i18n import ENGLISH, N_, NC_, Translator
from heritage.i18n.notes import Note
from heritage.params import Params, list_items, param_flag, param_values
from heritage.places import region_label, region_name, region_named, region_search_text
from heritage.schema import DESIGNATIONS, STATUSES, code_label
from heritage.text import fold_column, fold_letters, query_pattern

Range = tuple[float, float]
NameOf = Callable[[str, str], str]  # (value, language) -> what a reader of that language sees
MAX_QUERY = 200


class FilterField(NamedTuple):
    """One field of SiteFilter, as a declaration states it."""

    name: str
    type: object
    default: object


@dataclass
class SiteIndex:
    """Column arrays of the sites, prepared once so each filter is a few vector operations.

    Which columns there are comes from the declarations (each names its own: `index_columns`);
    `index.status` reads the column "status". The search text is built on the first search.
    """

    columns: dict[str, np.ndarray]
    search: SearchText
    size: int = 0

    def __getattr__(self, name: str) -> np.ndarray:
        columns = self.__dict__.get("columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(name)

    def with_columns(self, **changed: np.ndarray) -> SiteIndex:
        """A copy with some columns replaced; the search text is shared."""
        return SiteIndex({**self.columns, **changed}, self.search, self.size)

    @property
    def search_text(self) -> pd.Series:
        return self.search.get()


SEARCHABLE = ("name", "name_local", "registry_number", "description", "id", "region")


def region_search_column(regions: pd.Series) -> pd.Series:
    """Every form of each site's region (`Şuşa Shusha Шуша`), so a search finds a region's sites
    in any language; a handful of distinct regions over many sites: named once each."""
    codes, uniques = pd.factorize(regions)
    names = np.array([region_search_text(region) for region in uniques] + [""], dtype=object)
    return pd.Series(names[codes], index=regions.index)  # code -1 (no region) is the last: ""


class SearchText:
    """The folded text that the search box looks in, built on the first search, not on load.

    Folding a million names and descriptions takes seconds and most views never search;
    observations do not change searchable text, so a dataset with new observations shares
    its base's SearchText.
    """

    def __init__(self, sites: pd.DataFrame):
        self._columns = sites[list(SEARCHABLE)].assign(region=region_search_column(sites["region"]))
        self._text: pd.Series | None = None
        self._lock = threading.Lock()

    def get(self) -> pd.Series:
        """The folded text of every site (Arrow strings: searched by Arrow's compiled kernels)."""
        with self._lock:
            if self._text is None:
                folded = [fold_column(self._columns[column]) for column in SEARCHABLE]
                joined = pc.binary_join_element_wise(*folded, " ")
                self._text = pd.Series(joined, dtype=pd.ArrowDtype(pa.string()), copy=False)
                self._columns = None
            return self._text


class Choices(NamedTuple):
    """What the data offers the filters: its regions and its (first, last) inscription year.

    `regions=None` accepts any region named in a link (when no dataset is at hand).
    """

    regions: tuple[str, ...] | None = None
    year_bounds: tuple[int, int] | None = None
    this_year: int = 2100


@dataclass(frozen=True)
class Widget:
    """A sidebar control, described without Streamlit; heritage/ui/sidebar.py draws it.

    kind: "text" (a text box), "choices" (a multiselect of `options`), "range" (a two-handled
    slider over `bounds`), "checkbox". `key` is its session key, so it keeps its value across pages.
    """

    kind: Literal["text", "choices", "range", "checkbox", "date", "year"]
    key: str
    label: str
    placeholder: str = ""
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] | None = None
    option_label: NameOf | None = None  # a free value's label in a language (regions)
    bounds: tuple[int, int] | None = None
    max_chars: int | None = None


def slug(text: str) -> str:
    """ASCII for a file name: Şəki -> seki (fold_letters keeps `sh`: Shusha stays shusha)."""
    ascii_text = fold_letters(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def build_index(sites: pd.DataFrame, search: SearchText | None = None) -> SiteIndex:
    """The index of `sites`, a column per declaration; `search` is shared when the searchable text is the same."""
    columns: dict[str, np.ndarray] = {}
    for declared in FILTERS:
        columns.update(declared.index_columns(sites))
    return SiteIndex(columns, search or SearchText(sites), len(sites))


def _designation_bits(designations: pd.Series) -> np.ndarray:
    """One bit per designation a site carries (a handful of distinct sets: summed once per set)."""
    bits = {name: 1 << position for position, name in enumerate(DESIGNATIONS)}
    codes, sets = pd.factorize(designations)
    set_bits = np.array([sum(bits[d] for d in designations) for designations in sets], dtype=np.uint8)
    return set_bits[codes] if len(codes) else np.zeros(0, dtype=np.uint8)


def _either(values: tuple[str, ...], labels: Mapping[str, str] | None, t: Translator, name_of: NameOf | None) -> str:
    """`a, b or c`, with labels (statuses, designations) or names (regions) in the reader's language."""
    names = [code_label(v, t) if labels and v in labels else name_of(v, t.language) if name_of else v for v in values]
    if len(names) == 1:
        return names[0]
    return t.pgettext("describe", "{items} or {last}").format(items=", ".join(names[:-1]), last=names[-1])


def _span(bounds: Range, unit: str = "") -> str:
    low, high = (f"{value:g}" for value in bounds)
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def _pair(value: object) -> tuple[int, int] | None:
    """A range slider's value; a single number (seen when a page's slider is rebuilt) is a point."""
    if isinstance(value, (int, float)):
        return (int(value), int(value))
    try:
        low, high = value  # type: ignore[misc]
        return (int(low), int(high))
    except (TypeError, ValueError, OverflowError):  # a websocket message can say anything: inf, NaN, text
        return None


# --- what every filter declares --------------------------------------------------------------


class FilterDeclaration(Protocol):
    """The contract of one filter: everything about it, so nothing else lists filters by hand.

    SiteFilter's fields (`fields`), the index's columns (`index_columns`), the URL parameters,
    the sidebar's widgets, the narrowing, the words and the export file name all come from here;
    `example` is a value other than the default, for the generated round-trip test.
    """

    @property
    def url_keys(self) -> tuple[str, ...]: ...

    def fields(self) -> tuple[FilterField, ...]: ...

    def example(self) -> dict[str, object]: ...

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]: ...

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]: ...

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]: ...

    def widgets(self, choices: Choices) -> list[Widget]: ...

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]: ...

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]: ...

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None: ...

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None: ...

    def export_name(self, site_filter: SiteFilter) -> str | None: ...


# --- the kinds of filter ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceFilter:
    """Sites whose value is one of the chosen (status, designation, region).

    words_format / export_prefix make the clause ("status damaged", "status-damaged");
    words_format is a message (context "describe") with `{choice}` in it.
    """

    name: str  # the SiteFilter field
    url_key: str
    column: str  # the SiteIndex column
    site_column: str  # the sites' column it is built from
    label: str
    placeholder: str
    example_value: str  # a choice the generated round-trip test sets
    labels: Mapping[str, str] | None = None  # fixed options and their display names
    name_of: NameOf | None = None  # a free value's name in a language (a region's: Şuşa -> Shusha)
    option_label: NameOf | None = None  # its option in the sidebar box, typed into to find it
    named_in: Callable[[str, Sequence[str]], str | None] | None = None  # the value another form names
    several_per_site: bool = False  # a site carries a list (designations): one bit per value
    words_format: str = "{choice}"
    lower_words: bool = False
    export_prefix: str = ""
    slug_export: bool = False

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.url_key,)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, tuple[str, ...], ()),)

    def example(self) -> dict[str, object]:
        return {self.name: (self.example_value,)}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        if self.several_per_site:
            return {self.column: _designation_bits(sites[self.site_column])}
        return {self.column: sites[self.site_column].fillna("").to_numpy(dtype=object)}

    def _allowed(self, choices: Choices) -> list[str] | None:
        if self.labels is not None:
            return list(self.labels)
        return None if choices.regions is None else list(choices.regions)

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        allowed = self._allowed(choices)
        chosen = []
        for item in dict.fromkeys(list_items(param_values(params, self.url_key), allowed)):
            if allowed is None or item in allowed:
                chosen.append(item)
            elif self.named_in and (named := self.named_in(item, allowed)):
                chosen.append(named)  # another form of a known value: region=Shusha is Şuşa
            elif item:
                notes.append(Note(N_("Ignored {key}={value}: not a known {key}."), key=self.url_key, value=item[:40]))
        return {self.name: tuple(dict.fromkeys(chosen))}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        return {self.url_key: list(getattr(site_filter, self.name))}

    def widgets(self, choices: Choices) -> list[Widget]:
        options = tuple(self._allowed(choices) or ())
        return [
            Widget(
                "choices", f"f_{self.url_key}", self.label, self.placeholder, options, self.labels, self.option_label
            )
        ]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        return {f"f_{self.url_key}": list(getattr(site_filter, self.name))}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        return {self.name: tuple(values.get(f"f_{self.url_key}") or ())}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        chosen = getattr(site_filter, self.name)
        if not chosen:
            return None
        column = getattr(index, self.column)
        if self.several_per_site:  # a site may carry several: one bit each
            wanted = sum(1 << list(DESIGNATIONS).index(d) for d in chosen)
            return (column & wanted) != 0
        return np.isin(column, list(chosen))

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        chosen = getattr(site_filter, self.name)
        if not chosen:
            return None
        text = _either(chosen, self.labels, t, self.name_of)
        text = text.lower() if self.lower_words else text
        return t.pgettext("describe", self.words_format).format(choice=text)

    def export_name(self, site_filter: SiteFilter) -> str | None:
        chosen = getattr(site_filter, self.name)
        if not chosen:
            return None
        return self.export_prefix + "-".join(slug(c) if self.slug_export else c for c in chosen)


@dataclass(frozen=True)
class RangeFilter:
    """Sites whose number lies in a range, plus "include sites with no value" (year, progress).

    The range and its unknown flag are one filter: in a link, a range alone means "only sites
    with a value" unless `*_unknown=1` says otherwise; with no range, `*_unknown=0` keeps only
    sites with a value.
    """

    name: str  # the SiteFilter field of the range; its flag is name + "_unknown"
    label: str
    unknown_label: str
    column: str  # the SiteIndex column
    site_column: str  # the sites' column it is built from
    limits: tuple[int, int] | None  # allowed in a link; None: 1900 to this year
    unit: str
    words_range: str  # "inscribed {span}"
    words_or_unknown: str
    words_known_only: str
    example_range: Range  # a range the generated round-trip test sets

    @property
    def flag(self) -> str:
        return self.name + "_unknown"

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.name, self.flag)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, Range | None, None), FilterField(self.flag, bool, True))

    def example(self) -> dict[str, object]:
        return {self.name: self.example_range, self.flag: False}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        return {self.column: sites[self.site_column].astype("float64").to_numpy()}

    def _limits(self, choices: Choices) -> tuple[int, int]:
        return self.limits or (1900, choices.this_year)

    def _bounds(self, choices: Choices) -> tuple[int, int] | None:
        """The slider's ends: the data's years, or the fixed limits."""
        return choices.year_bounds if self.limits is None else self.limits

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        bounds = self._parse_range(params, notes, choices)
        include = param_flag(params, self.flag)
        unknown = bool(include) if bounds is not None else include is not False
        return {self.name: bounds, self.flag: unknown}

    def _parse_range(self, params: Params, notes: list[str], choices: Choices) -> Range | None:
        values = param_values(params, self.name)
        if not values:
            return None
        low, high = self._limits(choices)
        match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*", values[0])
        if not match:
            expected = N_("Ignored {key}={value}: expected two numbers like {range}.")
            notes.append(Note(expected, key=self.name, value=values[0][:40], range=f"{low:g}-{high:g}"))
            return None
        start, end = sorted((float(match.group(1)), float(match.group(2))))
        if start < low or end > high:
            outside = N_("Ignored {key}={value}: outside {range}.")
            notes.append(Note(outside, key=self.name, value=values[0][:40], range=f"{low:g}-{high:g}"))
            return None
        return (start, end)

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        bounds, include = getattr(site_filter, self.name), getattr(site_filter, self.flag)
        if bounds is not None:
            flag = "1" if include else None
        else:
            flag = None if include else "0"
        return {
            self.name: ["-".join(f"{value:g}" for value in bounds)] if bounds else [],
            self.flag: [flag] if flag else [],
        }

    def widgets(self, choices: Choices) -> list[Widget]:
        bounds = self._bounds(choices)
        slider = [Widget("range", f"f_{self.name}", self.label, bounds=bounds)] if _spans(bounds) else []
        return [*slider, Widget("checkbox", f"f_{self.flag}", self.unknown_label)]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        values: dict[str, object] = {f"f_{self.flag}": getattr(site_filter, self.flag)}
        bounds, chosen = self._bounds(choices), getattr(site_filter, self.name)
        if bounds:
            values[f"f_{self.name}"] = _clamp(chosen, bounds) if chosen else bounds
        return values

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        bounds = self._bounds(choices)
        chosen = _pair(values.get(f"f_{self.name}")) if _spans(bounds) else None
        chosen = _clamp(chosen, bounds) if chosen is not None else None  # a browser may send any number
        in_range = None if chosen is None or chosen == bounds else tuple(float(v) for v in chosen)
        return {self.name: in_range, self.flag: bool(values.get(f"f_{self.flag}", True))}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray:
        values: np.ndarray = getattr(index, self.column)
        bounds, include = getattr(site_filter, self.name), getattr(site_filter, self.flag)
        unknown = np.isnan(values)
        if bounds is None:
            known = ~unknown
        else:
            with np.errstate(invalid="ignore"):
                known = (values >= bounds[0]) & (values <= bounds[1])
        return known | (unknown & include)

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        bounds, include = getattr(site_filter, self.name), getattr(site_filter, self.flag)
        if bounds is not None:
            unknown = t.pgettext("describe", self.words_or_unknown) if include else ""
            return t.pgettext("describe", self.words_range).format(span=_span(bounds, self.unit)) + unknown
        return None if include else t.pgettext("describe", self.words_known_only)

    def export_name(self, site_filter: SiteFilter) -> str | None:
        bounds = getattr(site_filter, self.name)
        return "{}-{:g}-{:g}".format(self.name, *bounds) if bounds else None


def _spans(bounds: tuple[int, int] | None) -> bool:
    return bool(bounds) and bounds[0] < bounds[1]  # type: ignore[index]


def _clamp(chosen: Range, bounds: tuple[int, int]) -> tuple[int, int]:
    """A linked range wider than the data's values would make the slider raise."""
    low, high = max(int(chosen[0]), bounds[0]), min(int(chosen[1]), bounds[1])
    return (low, high) if low <= high else bounds


@dataclass(frozen=True)
class SearchFilter:
    """Sites whose name, local name, registry number, description, id or region contain the text.

    Case- and accent-insensitive, plain text (never a regular expression of the reader's):
    heritage/text.py's query_pattern says how `Shusha`, `Susa` and `şuşa` find Şuşa.
    """

    name: str = "query"
    url_key: str = "q"

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.url_key,)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, str, ""),)

    def example(self) -> dict[str, object]:
        return {self.name: "mosque"}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        return {}  # the search text is the index's SearchText, built on the first search

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        query = (param_values(params, self.url_key) or [""])[0]
        if len(query) > MAX_QUERY:
            notes.append(Note(N_("Search text cut to {limit} characters."), limit=MAX_QUERY))
            query = query[:MAX_QUERY]
        return {self.name: query}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        query = site_filter.query.strip()
        return {self.url_key: [query] if query else []}

    def widgets(self, choices: Choices) -> list[Widget]:
        placeholder = NC_("filter", "name, registry number, description")
        return [Widget("text", "f_query", NC_("filter", "Search"), placeholder, max_chars=MAX_QUERY)]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        return {"f_query": getattr(site_filter, self.name)}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        return {self.name: str(values.get("f_query") or "")[:MAX_QUERY]}  # max_chars holds in the browser only

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        if not site_filter.query.strip():
            return None
        pattern = query_pattern(site_filter.query.strip())
        return index.search_text.str.contains(pattern, regex=True).to_numpy(dtype=bool)

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        query = site_filter.query.strip()
        return t.pgettext("describe", "matching “{query}”").format(query=query) if query else None

    def export_name(self, site_filter: SiteFilter) -> str | None:
        query = site_filter.query.strip()
        return "search-" + slug(query)[:30] if query else None


@dataclass(frozen=True)
class FlagFilter:
    """Only the sites a boolean column marks (e.g. "sources disagree"); a checkbox, `key=1` in a link."""

    name: str  # the SiteFilter field and the SiteIndex column
    url_key: str
    label: str
    words_text: str
    export_text: str

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.url_key,)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, bool, False),)

    def example(self) -> dict[str, object]:
        return {self.name: True}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        if self.name in sites:
            return {self.name: sites[self.name].to_numpy(dtype=bool)}
        return {self.name: np.zeros(len(sites), dtype=bool)}

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        return {self.name: bool(param_flag(params, self.url_key))}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        return {self.url_key: ["1"] if getattr(site_filter, self.name) else []}

    def widgets(self, choices: Choices) -> list[Widget]:
        return [Widget("checkbox", f"f_{self.name}", self.label)]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        return {f"f_{self.name}": getattr(site_filter, self.name)}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        return {self.name: bool(values.get(f"f_{self.name}", False))}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        return getattr(index, self.name) if getattr(site_filter, self.name) else None

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        return t.pgettext("describe", self.words_text) if getattr(site_filter, self.name) else None

    def export_name(self, site_filter: SiteFilter) -> str | None:
        return self.export_text if getattr(site_filter, self.name) else None


@dataclass(frozen=True)
class DateFilter:
    """A day of the record (`date=2022-06-01`, `since=2024-01-01`): a date box; ISO in a link.

    It narrows nothing itself: a page shows `Dataset.as_of(site_filter.day, site_filter.since_day)`
    and the other filters apply to that record. Days before 1900 or after today are ignored
    with a note; "" is the default (today's record; no comparison).
    """

    name: str  # the SiteFilter field and the URL parameter
    label: str
    words_format: str  # "as of {date}"
    example_value: str

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.name,)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, str, ""),)

    def example(self) -> dict[str, object]:
        return {self.name: self.example_value}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        return {}

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        values = param_values(params, self.name)
        if not values:
            return {self.name: ""}
        try:
            day = dt.date.fromisoformat(values[0].strip())
        except ValueError:
            notes.append(f"Ignored {self.name}={values[0][:40]}: expected a date like 2022-06-01.")
            return {self.name: ""}
        if not dt.date(1900, 1, 1) <= day <= dt.date.today():
            notes.append(f"Ignored {self.name}={values[0][:40]}: outside 1900-01-01 to today.")
            return {self.name: ""}
        return {self.name: day.isoformat()}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        value = getattr(site_filter, self.name)
        return {self.name: [value] if value else []}

    def widgets(self, choices: Choices) -> list[Widget]:
        return [Widget("date", f"f_{self.name}", self.label)]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        value = getattr(site_filter, self.name)
        return {f"f_{self.name}": dt.date.fromisoformat(value) if value else None}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        value = values.get(f"f_{self.name}")
        if not isinstance(value, dt.date) or (self.name == "date" and value >= dt.date.today()):
            return {self.name: ""}  # a date box set to today is the default: today's record
        return {self.name: value.isoformat()}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        return None

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        value = getattr(site_filter, self.name)
        return t.pgettext("describe", self.words_format).format(date=value) if value else None

    def export_name(self, site_filter: SiteFilter) -> str | None:
        value = getattr(site_filter, self.name)
        return f"{self.name}-{value}" if value else None


@dataclass(frozen=True)
class StatedBeforeFilter:
    """Sites whose status was last stated before a year (`stated_before=2023`): the stale ones.

    Sites with no stated status (unknown) never pass: nothing is known, so nothing is stale.
    """

    name: str = "stated_before"
    label: str = NC_("filter", "Status last stated before (year)")

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.name,)

    def fields(self) -> tuple[FilterField, ...]:
        return (FilterField(self.name, "int | None", None),)

    def example(self) -> dict[str, object]:
        return {self.name: 2023}

    def index_columns(self, sites: pd.DataFrame) -> dict[str, np.ndarray]:
        """The year each known status was last stated (`status_stated`, ISO dates); NaN where none."""
        if "status_stated" not in sites:
            return {"stated_year": np.full(len(sites), np.nan)}
        stated = sites["status_stated"].where(sites["status"] != "unknown")
        return {"stated_year": pd.to_numeric(stated.str[:4], errors="coerce").to_numpy(dtype=float)}

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        values = param_values(params, self.name)
        if not values:
            return {self.name: None}
        if not re.fullmatch(r"\s*[0-9]{4}\s*", values[0]) or not 1900 <= int(values[0]) <= choices.this_year + 1:
            notes.append(f"Ignored {self.name}={values[0][:40]}: expected a year from 1900 to {choices.this_year + 1}.")
            return {self.name: None}
        return {self.name: int(values[0])}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        year = getattr(site_filter, self.name)
        return {self.name: [str(year)] if year else []}

    def widgets(self, choices: Choices) -> list[Widget]:
        return [Widget("year", f"f_{self.name}", self.label, bounds=(1900, choices.this_year + 1))]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        return {f"f_{self.name}": getattr(site_filter, self.name)}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        value = values.get(f"f_{self.name}")
        return {self.name: int(value) if isinstance(value, (int, float)) and 1900 <= value <= 9999 else None}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        year = getattr(site_filter, self.name)
        if not year:
            return None
        with np.errstate(invalid="ignore"):
            return index.stated_year < year

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        year = getattr(site_filter, self.name)
        return t.pgettext("describe", "status last stated before {year}").format(year=year) if year else None

    def export_name(self, site_filter: SiteFilter) -> str | None:
        year = getattr(site_filter, self.name)
        return f"stated-before-{year}" if year else None


SEARCH = SearchFilter()

# In the order of their words and file-name parts; the sidebar draws SIDEBAR_ORDER.
FILTERS: tuple[FilterDeclaration, ...] = (
    ChoiceFilter(
        name="statuses", url_key="status", column="status", site_column="status",
        label=NC_("filter", "Conservation status"), placeholder=NC_("filter", "any status"),
        example_value="damaged", labels=STATUSES, words_format=NC_("describe", "status {choice}"),
        lower_words=True, export_prefix="status-",
    ),
    ChoiceFilter(
        name="designations", url_key="designation", column="designation_bits", site_column="designations",
        label=NC_("filter", "Designation"), placeholder=NC_("filter", "any designation"),
        example_value="unesco_tentative", labels=DESIGNATIONS, several_per_site=True,
    ),
    ChoiceFilter(
        name="regions", url_key="region", column="region", site_column="region",
        label=NC_("filter", "Region"), placeholder=NC_("filter", "any region"), example_value="Şuşa",
        name_of=region_name, option_label=region_label, named_in=region_named,
        words_format=NC_("describe", "in {choice}"), export_prefix="region-", slug_export=True,
    ),
    RangeFilter(
        name="year", label=NC_("filter", "Inscription year"),
        unknown_label=NC_("filter", "Include sites with no inscription year"),
        column="year", site_column="inscription_year", limits=None, unit="",
        words_range=NC_("describe", "inscribed {span}"), words_or_unknown=NC_("describe", " or year unknown"),
        words_known_only=NC_("describe", "with an inscription year"), example_range=(2000.0, 2019.0),
    ),
    RangeFilter(
        name="progress", label=NC_("filter", "Restoration progress (%)"),
        unknown_label=NC_("filter", "Include sites with no progress value"),
        column="progress", site_column="restoration_progress", limits=(0, 100), unit=" %",
        words_range=NC_("describe", "restoration {span}"), words_or_unknown=NC_("describe", " or progress unknown"),
        words_known_only=NC_("describe", "with a restoration progress"), example_range=(20.0, 80.0),
    ),
    SEARCH,
    FlagFilter(
        name="contested", url_key="contested", label=NC_("filter", "Only sites where sources disagree"),
        words_text=NC_("describe", "where sources disagree"), export_text="sources-disagree",
    ),
    StatedBeforeFilter(),
    DateFilter(
        name="date", label=NC_("filter", "Record as of (date)"), words_format=NC_("describe", "as of {date}"),
        example_value="2022-06-01",
    ),
    DateFilter(
        name="since", label=NC_("filter", "Changes since (date)"),
        words_format=NC_("describe", "changed since {date}"), example_value="2020-11-10",
    ),
)  # fmt: skip
SIDEBAR_ORDER = (SEARCH, *(f for f in FILTERS if f is not SEARCH))
URL_KEYS = frozenset(key for f in FILTERS for key in f.url_keys)

SiteFilter = make_dataclass(
    "SiteFilter",
    [(f.name, f.type, dataclass_field(default=f.default)) for declared in FILTERS for f in declared.fields()],
    frozen=True,
)
SiteFilter.__module__ = __name__  # importable by name, so pickling (Streamlit's caches) finds it
# The record's day and the day compared with, as dates (the `date` and `since` fields are ISO text).
SiteFilter.day = property(lambda self: dt.date.fromisoformat(self.date) if self.date else None)
SiteFilter.since_day = property(lambda self: dt.date.fromisoformat(self.since) if self.since else None)
SiteFilter.__doc__ = """Which sites a view shows: one field per filter field the declarations state (FILTERS).

Empty tuples mean "any"; a None range means "no limit". A site with no inscription year (or no
progress) passes a range only when the matching `*_unknown` flag is set, so unknown values are
never silently counted in.
"""


def apply(index: SiteIndex, site_filter: SiteFilter) -> np.ndarray:
    """A boolean mask over the sites: True where the site passes every part of the filter."""
    mask = np.ones(index.size, dtype=bool)
    for declared in FILTERS:
        narrowed = declared.apply(index, site_filter)
        if narrowed is not None:
            mask &= narrowed
    return mask


def describe(site_filter: SiteFilter, shown: int, t: Translator = ENGLISH) -> str:
    """The selection in words, e.g. "214 sites · status damaged or destroyed · inscribed 2000–2019"."""
    parts = [t.npgettext("describe", "{count} site", "{count} sites", shown).format(count=t.number(shown))]
    parts += [words for declared in FILTERS if (words := declared.words(site_filter, t))]
    return " · ".join(parts)


def from_params(params: Params, choices: Choices, notes: list[str]) -> SiteFilter:
    """The filter a link names; each malformed parameter becomes a note, never an error."""
    fields: dict[str, object] = {}
    for declared in FILTERS:
        fields.update(declared.from_params(params, notes, choices))
    return SiteFilter(**fields)  # type: ignore[arg-type]


def to_params(site_filter: SiteFilter) -> dict[str, list[str]]:
    """The filter's URL parameters, leaving out those at their default."""
    params: dict[str, list[str]] = {}
    for declared in FILTERS:
        params.update(declared.to_params(site_filter))
    return {name: values for name, values in params.items() if values}


def widget_values(site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
    """The sidebar's widget values that show `site_filter`, by widget key."""
    values: dict[str, object] = {}
    for declared in FILTERS:
        values.update(declared.widget_values(site_filter, choices))
    return values


def from_widgets(values: Mapping[str, object], choices: Choices) -> SiteFilter:
    """The filter the sidebar's widgets select, from their values by key."""
    fields: dict[str, object] = {}
    for declared in FILTERS:
        fields.update(declared.from_widgets(values, choices))
    return SiteFilter(**fields)  # type: ignore[arg-type]


def export_parts(site_filter: SiteFilter) -> list[str]:
    """The filter as file-name parts, e.g. ["status-damaged", "year-2000-2019"]."""
    return [part for declared in FILTERS if (part := declared.export_name(site_filter))]
