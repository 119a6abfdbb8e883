"""Which sites to show: one declaration per filter, the SiteFilter they fill, applying it, words.

Each filter is declared once (FILTERS below) with everything about it: its URL parameters,
its sidebar widgets, how it narrows the sites, how it reads in words and in an export's file
name. The URL (links.py), the sidebar (ui/sidebar.py), describe() and export.file_name() all
loop over FILTERS, so adding a filter is one declaration plus one SiteFilter field.

A SiteFilter is plain data so that the sidebar, the URL, saved scenes, live sessions and the
briefing command all describe a selection the same way. Filtering runs on a SiteIndex of numpy
arrays built once per dataset, so a filter change at 100,000 sites takes milliseconds.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from heritage.i18n import ENGLISH, N_, NC_, Translator
from heritage.i18n.notes import Note
from heritage.schema import DESIGNATIONS, STATUSES, code_label
from heritage.text import fold, fold_all, fold_column, fold_letters

Range = tuple[float, float]
Params = Mapping[str, object]  # URL parameters: a str or a list of str per name
MAX_QUERY = 200


@dataclass(frozen=True)
class SiteFilter:
    """Empty tuples mean "any"; a None range means "no limit".

    A site with no inscription year (or no progress) passes a range only when the
    matching `*_unknown` flag is set, so unknown values are never silently counted in.
    """

    statuses: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    year: Range | None = None
    year_unknown: bool = True
    progress: Range | None = None
    progress_unknown: bool = True
    query: str = ""
    contested: bool = False  # only sites whose sources disagree (heritage/conditions.py)


@dataclass
class SiteIndex:
    """Column arrays of the sites, prepared once so each filter is a few vector operations."""

    status: np.ndarray
    designation_bits: np.ndarray
    region: np.ndarray
    year: np.ndarray
    progress: np.ndarray
    search: SearchText
    contested: np.ndarray
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.status)

    @property
    def search_text(self) -> pd.Series:
        return self.search.get()


SEARCHABLE = ("name", "name_local", "registry_number", "description", "id")


class SearchText:
    """The folded text that the search box looks in, built on the first search, not on load.

    Folding a million names and descriptions takes seconds and most views never search;
    observations do not change searchable text, so a dataset with new observations shares
    its base's SearchText.
    """

    def __init__(self, sites: pd.DataFrame):
        self._columns = sites[list(SEARCHABLE)]
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

    kind: Literal["text", "choices", "range", "checkbox"]
    key: str
    label: str
    placeholder: str = ""
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] | None = None
    bounds: tuple[int, int] | None = None
    max_chars: int | None = None


def normalize(text: str) -> str:
    """The search key of a query; see heritage/text.py for how Azerbaijani text folds."""
    return fold(text)


def normalize_all(texts: pd.Series) -> pd.Series:
    """The search keys of a whole column (the index), folded the same way as the query."""
    return fold_all(texts)


def slug(text: str) -> str:
    """ASCII for a file name: Şəki -> seki (fold_letters keeps `sh`: Shusha stays shusha)."""
    ascii_text = fold_letters(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def build_index(sites: pd.DataFrame, search: SearchText | None = None) -> SiteIndex:
    """The index of `sites`; `search` is shared when the searchable text is known to be the same."""
    bits = {name: 1 << position for position, name in enumerate(DESIGNATIONS)}
    # A handful of distinct designation sets over many sites: sum the bits once per set.
    codes, sets = pd.factorize(sites["designations"])
    set_bits = np.array([sum(bits[d] for d in designations) for designations in sets], dtype=np.uint8)
    designation_bits = set_bits[codes] if len(codes) else np.zeros(0, dtype=np.uint8)
    return SiteIndex(
        status=sites["status"].to_numpy(dtype=object),
        designation_bits=designation_bits,
        region=sites["region"].fillna("").to_numpy(dtype=object),
        year=sites["inscription_year"].astype("float64").to_numpy(),
        progress=sites["restoration_progress"].to_numpy(dtype=float),
        search=search or SearchText(sites),
        contested=(
            sites["contested"].to_numpy(dtype=bool) if "contested" in sites else np.zeros(len(sites), dtype=bool)
        ),
    )


# --- reading URL parameters (shared by the declarations and links.py) ---------------------


def param_values(params: Params, name: str) -> list[str]:
    """st.query_params gives a str for one value; get_all gives lists. Accept both."""
    value = params.get(name)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [str(item) for item in items if str(item).strip()]


def param_flag(params: Params, name: str) -> bool | None:
    values = param_values(params, name)
    return None if not values else values[0] in ("1", "true", "yes")


def _list_items(values: list[str], allowed: list[str] | None) -> list[str]:
    """Repeated parameters are the list form; `a,b` is also read as a list, but only where
    the allowed values are known and none contains a comma (a region such as
    "Bakı, Səbail" must stay whole)."""
    if allowed is None or any("," in value for value in allowed):
        return [value.strip() for value in values]
    return [item.strip() for value in values for item in value.split(",")]


def _either(values: tuple[str, ...], labels: Mapping[str, str] | None, t: Translator) -> str:
    """`a, b or c`, with labels (statuses, designations) in the reader's language."""
    names = [code_label(v, t) if labels and v in labels else v for v in values]
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
    except (TypeError, ValueError):
        return None


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
    label: str
    placeholder: str
    labels: Mapping[str, str] | None = None  # fixed options and their display names
    words_format: str = "{choice}"
    lower_words: bool = False
    export_prefix: str = ""
    slug_export: bool = False

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.url_key,)

    def _allowed(self, choices: Choices) -> list[str] | None:
        if self.labels is not None:
            return list(self.labels)
        return None if choices.regions is None else list(choices.regions)

    def from_params(self, params: Params, notes: list[str], choices: Choices) -> dict[str, object]:
        allowed = self._allowed(choices)
        chosen = []
        for item in dict.fromkeys(_list_items(param_values(params, self.url_key), allowed)):
            if allowed is None or item in allowed:
                chosen.append(item)
            elif item:
                notes.append(Note(N_("Ignored {key}={value}: not a known {key}."), key=self.url_key, value=item[:40]))
        return {self.name: tuple(dict.fromkeys(chosen))}

    def to_params(self, site_filter: SiteFilter) -> dict[str, list[str]]:
        return {self.url_key: list(getattr(site_filter, self.name))}

    def widgets(self, choices: Choices) -> list[Widget]:
        options = tuple(self._allowed(choices) or ())
        return [Widget("choices", f"f_{self.url_key}", self.label, self.placeholder, options, self.labels)]

    def widget_values(self, site_filter: SiteFilter, choices: Choices) -> dict[str, object]:
        return {f"f_{self.url_key}": list(getattr(site_filter, self.name))}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        return {self.name: tuple(values.get(f"f_{self.url_key}") or ())}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        chosen = getattr(site_filter, self.name)
        if not chosen:
            return None
        column = getattr(index, self.column)
        if self.column == "designation_bits":  # a site may carry several: one bit each
            wanted = sum(1 << list(DESIGNATIONS).index(d) for d in chosen)
            return (column & wanted) != 0
        return np.isin(column, list(chosen))

    def words(self, site_filter: SiteFilter, t: Translator = ENGLISH) -> str | None:
        chosen = getattr(site_filter, self.name)
        if not chosen:
            return None
        text = _either(chosen, self.labels, t)
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
    limits: tuple[int, int] | None  # allowed in a link; None: 1900 to this year
    unit: str
    words_range: str  # "inscribed {span}"
    words_or_unknown: str
    words_known_only: str

    @property
    def flag(self) -> str:
        return self.name + "_unknown"

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.name, self.flag)

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
    """Sites whose name, local name, registry number, description or id contain the text.

    Case- and accent-insensitive, plain text (never a regular expression).
    """

    name: str = "query"
    url_key: str = "q"

    @property
    def url_keys(self) -> tuple[str, ...]:
        return (self.url_key,)

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
        return {"f_query": site_filter.query}

    def from_widgets(self, values: Mapping[str, object], choices: Choices) -> dict[str, object]:
        return {self.name: str(values.get("f_query") or "")}

    def apply(self, index: SiteIndex, site_filter: SiteFilter) -> np.ndarray | None:
        if not site_filter.query.strip():
            return None
        needle = normalize(site_filter.query.strip())
        return index.search_text.str.contains(needle, regex=False).to_numpy(dtype=bool)

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


SEARCH = SearchFilter()

# In the order of their words and file-name parts; the sidebar draws SIDEBAR_ORDER.
FILTERS: tuple[ChoiceFilter | RangeFilter | SearchFilter | FlagFilter, ...] = (
    ChoiceFilter(
        "statuses", "status", "status", NC_("filter", "Conservation status"), NC_("filter", "any status"),
        labels=STATUSES, words_format=NC_("describe", "status {choice}"), lower_words=True, export_prefix="status-",
    ),
    ChoiceFilter(
        "designations", "designation", "designation_bits", NC_("filter", "Designation"),
        NC_("filter", "any designation"), labels=DESIGNATIONS,
    ),
    ChoiceFilter(
        "regions", "region", "region", NC_("filter", "Region"), NC_("filter", "any region"),
        words_format=NC_("describe", "in {choice}"), export_prefix="region-", slug_export=True,
    ),
    RangeFilter(
        "year", NC_("filter", "Inscription year"), NC_("filter", "Include sites with no inscription year"),
        "year", None, "",
        NC_("describe", "inscribed {span}"), NC_("describe", " or year unknown"),
        NC_("describe", "with an inscription year"),
    ),
    RangeFilter(
        "progress", NC_("filter", "Restoration progress (%)"), NC_("filter", "Include sites with no progress value"),
        "progress", (0, 100), " %",
        NC_("describe", "restoration {span}"), NC_("describe", " or progress unknown"),
        NC_("describe", "with a restoration progress"),
    ),
    SEARCH,
    FlagFilter(
        "contested", "contested", NC_("filter", "Only sites where sources disagree"),
        NC_("describe", "where sources disagree"),
        "sources-disagree",
    ),
)  # fmt: skip
SIDEBAR_ORDER = (SEARCH, *(f for f in FILTERS if f is not SEARCH))
URL_KEYS = frozenset(key for f in FILTERS for key in f.url_keys)


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
