"""The view <-> URL parameters: round trips, short links, and malformed input as notes."""

from __future__ import annotations

import pytest

from heritage.filters import SiteFilter
from heritage.links import MapView, ViewState, parse, to_params

REGIONS = ["Bakı", "Şəki"]

ROUND_TRIPS = [
    ViewState(),
    ViewState(SiteFilter(statuses=("damaged", "destroyed"))),
    ViewState(SiteFilter(regions=("Bakı", "Şəki"))),
    ViewState(SiteFilter(year=(2000, 2019), year_unknown=False, progress=(0, 50), progress_unknown=True)),
    ViewState(SiteFilter(year_unknown=False, progress_unknown=False, query="Qız qalası")),
    ViewState(SiteFilter(designations=("unesco_world_heritage",)), MapView(40.36, 49.83, 12), "az-2", True),
    ViewState(SiteFilter(contested=True)),
]


@pytest.mark.parametrize("state", ROUND_TRIPS)
def test_round_trip(state):
    parsed = parse(to_params(state), regions=REGIONS)
    assert parsed.notes == []
    assert parsed.state == state


def test_defaults_stay_out_of_the_url():
    assert to_params(ViewState()) == {}
    assert to_params(ViewState(SiteFilter(year=(2000, 2019), year_unknown=False))) == {"year": ["2000-2019"]}
    assert to_params(ViewState(SiteFilter(progress=(0, 50)))) == {"progress": ["0-50"], "progress_unknown": ["1"]}
    assert to_params(ViewState(SiteFilter(contested=True))) == {"contested": ["1"]}
    assert parse({"contested": "1"}).state.site_filter == SiteFilter(contested=True)


def test_named_parameters():
    state = parse({"status": ["damaged", "destroyed"], "year": "2000-2019", "view": "40.4,47.7,9", "q": "mosque"}).state
    assert state.site_filter.statuses == ("damaged", "destroyed")
    assert state.site_filter.year == (2000, 2019) and not state.site_filter.year_unknown
    assert state.view == MapView(40.4, 47.7, 9)
    assert state.site_filter.query == "mosque"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"year": "abc"}, "Ignored year=abc"),
        ({"status": "splendid"}, "Ignored status=splendid"),
        ({"view": "999,999,99"}, "Ignored view=999,999,99"),
        ({"view": "north"}, "Ignored view=north"),
        ({"progress": "0-500"}, "Ignored progress=0-500"),
        ({"region": "Atlantis"}, "Ignored region=Atlantis"),
        ({"designation": "<script>"}, "Ignored designation=<script>"),
    ],
)
def test_malformed_parameters_become_notes(params, note):
    parsed = parse(params, regions=REGIONS)
    assert parsed.state.site_filter == SiteFilter()
    assert parsed.state.view is None
    assert any(n.startswith(note) for n in parsed.notes)
