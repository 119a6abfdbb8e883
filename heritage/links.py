"""The view as URL parameters and back, so a shared link reproduces what the sender saw.

The filters' parameters come from their declarations (filters.FILTERS); this module adds
the rest of the view: `site`, `view`, `present`, `scene`, `lang`. Parameters at their defaults are
left out, so links stay short. Anything malformed is dropped with a note for the page to
show; reading a link never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, urlencode

from heritage import filters
from heritage.extent import view_problem
from heritage.filters import MAX_QUERY, Choices
from heritage.i18n import N_, NN_, available_languages
from heritage.i18n.notes import Note, without_bidi
from heritage.params import param_flag, param_values
from heritage.scenes import MAX_PARAMS_BYTES, SceneRefused, params_json
from heritage.view import MapView, ViewState

__all__ = [
    "KNOWN",
    "MAX_QUERY",
    "MapView",
    "Parsed",
    "ViewState",
    "parse",
    "parse_query",
    "scene_params",
    "to_params",
    "to_query",
]

VIEW_KEYS = frozenset({"site", "view", "present", "scene", "lang"})
FOLLOW = "follow"  # /?follow=CODE: follow a presenter's live session (heritage/live.py)
# Stands for a link Streamlit dropped as too long (heritage/ui/linklimit.py): the page says so.
TOO_LONG = "link_too_long"
KNOWN = filters.URL_KEYS | VIEW_KEYS | {FOLLOW, TOO_LONG}
MAX_NOTES = 5  # a link with 2,000 bad values gets a handful of notes, not 2,000


@dataclass
class Parsed:
    state: ViewState
    notes: list[str] = field(default_factory=list)
    follow: str | None = None  # the live-session code asked for, as written in the link
    too_long: bool = False  # the link was dropped before it was read: the page says so


def _view(params: Mapping[str, object], notes: list[str]) -> MapView | None:
    values = param_values(params, "view")
    if not values:
        return None
    try:
        lat, lon, zoom = (float(part) for part in values[0].split(","))
    except ValueError:
        notes.append(Note(N_("Ignored view={value}: expected lat,lon,zoom."), value=values[0][:40]))
        return None
    if view_problem(lat, lon, zoom):
        notes.append(
            Note(N_("Ignored view={value}: latitude, longitude or zoom out of range."), value=values[0][:40])
        )
        return None
    return MapView(lat, lon, int(zoom))


def _scene(params: Mapping[str, object], notes: list[str]) -> int | None:
    values = param_values(params, "scene")
    if not values:
        return None
    # Not str.isdigit(): it is true for "²" and "①", which int() refuses.
    if not re.fullmatch(r"[0-9]{1,6}", values[0].strip()) or int(values[0]) < 1:
        notes.append(Note(N_("Ignored scene={value}: expected a scene number from 1."), value=values[0][:40]))
        return None
    return int(values[0])


def _language(params: Mapping[str, object], notes: list[str]) -> str | None:
    values = param_values(params, "lang")
    if not values:
        return None
    if values[0] not in available_languages():
        notes.append(
            Note(
                N_("Ignored lang={value}: expected one of {languages}."),
                value=values[0][:40],
                languages=", ".join(available_languages()),
            )
        )
        return None
    return values[0]


def _capped(notes: list[str]) -> list[str]:
    """Each note once, without bidi controls, and at most MAX_NOTES of them plus a count of the rest."""
    unique = list(dict.fromkeys(note if isinstance(note, Note) else without_bidi(note) for note in notes))
    if len(unique) <= MAX_NOTES:
        return unique
    rest = len(unique) - MAX_NOTES
    more = Note(NN_("{count} more parameter value ignored.", "{count} more parameter values ignored."), rest)
    return [*unique[:MAX_NOTES], more]


def parse(params: Mapping[str, object], regions: Iterable[str] | None = None, this_year: int = 2100) -> Parsed:
    """Read URL parameters into a ViewState; every problem becomes a note, never an error."""
    notes: list[str] = []
    choices = Choices(regions=tuple(regions) if regions is not None else None, this_year=this_year)
    site_filter = filters.from_params(params, choices, notes)
    site = (param_values(params, "site") or [None])[0]
    unknown = N_("Ignored {name}: not a parameter of this dashboard.")
    notes += [Note(unknown, name=name[:40]) for name in params if name not in KNOWN]
    present = bool(param_flag(params, "present"))
    language = _language(params, notes)
    state = ViewState(site_filter, _view(params, notes), site, present, _scene(params, notes), language)
    follow = (param_values(params, FOLLOW) or [None])[0]
    return Parsed(state, _capped(notes), follow, bool(param_values(params, TOO_LONG)))


SITE_PAGE = "/site"


def site_params(site_id: str, language: str | None) -> dict[str, str]:
    """The site page's parameters. The one rule for `lang=` in the app's own links: it is kept
    when the person chose a language (ViewState.language), so a link opens in its recipient's
    own language otherwise."""
    return {"site": site_id, **({"lang": language} if language else {})}


def site_link(site_id: str, language: str | None) -> str:
    """The address of a site's page, as every in-app site link writes it."""
    return f"{SITE_PAGE}?{urlencode(site_params(site_id, language), quote_via=quote)}"


def parse_query(query: str, regions: Iterable[str] | None = None) -> Parsed:
    """A view written as a link's query (`status=damaged&year=2000-2019`), as the commands take it."""
    return parse(parse_qs(query.lstrip("?"), keep_blank_values=False), regions=regions)


def to_query(state: ViewState) -> str:
    """The view as a link's query string: the inverse of parse_query()."""
    return urlencode(to_params(state), doseq=True)


def to_params(state: ViewState) -> dict[str, list[str]]:
    """The inverse of parse(): only what differs from the default view."""
    params = filters.to_params(state.site_filter)
    params.update(
        {
            "site": [state.site] if state.site else [],
            "view": [state.view.param()] if state.view else [],
            "present": ["1"] if state.present else [],
            "scene": [str(state.scene)] if state.scene else [],
            "lang": [state.language] if state.language else [],
        }
    )
    return {name: values for name, values in params.items() if values}


def scene_params(state: ViewState) -> dict[str, list[str]]:
    """A view as a scene keeps it: its URL parameters, without the presenter flag and scene number."""
    params = to_params(state.changed(present=False, scene=None))
    if len(params_json(params).encode("utf-8")) > MAX_PARAMS_BYTES:
        raise SceneRefused(f"This view is too large to save as a scene (more than {MAX_PARAMS_BYTES:,} bytes).")
    return params
