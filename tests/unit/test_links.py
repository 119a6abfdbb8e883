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


@pytest.mark.parametrize("scene", ["²", "①", "٣", "0", "-1", "1.5", "9" * 40])
def test_a_scene_that_is_not_a_plain_number_is_a_note(scene):
    parsed = parse({"scene": scene})
    assert parsed.state.scene is None
    assert parsed.notes == [f"Ignored scene={scene[:40]}: expected a scene number from 1."]


def test_a_scene_number_is_read():
    assert parse({"scene": "3"}).state.scene == 3


def test_notes_are_deduplicated_and_capped():
    parsed = parse({"status": ",".join(["x"] * 1000 + [f"bad{i}" for i in range(1000)])})
    assert parsed.notes == [
        "Ignored status=x: not a known status.",
        "Ignored status=bad0: not a known status.",
        "Ignored status=bad1: not a known status.",
        "Ignored status=bad2: not a known status.",
        "Ignored status=bad3: not a known status.",
        "996 more parameter values ignored.",
    ]


COMMA_REGIONS = ["Bakı, Səbail", "Şəki"]


def test_a_region_with_a_comma_round_trips():
    state = ViewState(SiteFilter(regions=("Bakı, Səbail", "Şəki")))
    params = to_params(state)
    assert params == {"region": ["Bakı, Səbail", "Şəki"]}
    parsed = parse(params, regions=COMMA_REGIONS)
    assert parsed.notes == []
    assert parsed.state == state


def test_comma_lists_are_read_only_where_no_allowed_value_has_a_comma():
    assert parse({"region": "Bakı,Şəki"}, regions=REGIONS).state.site_filter.regions == ("Bakı", "Şəki")
    assert parse({"status": "damaged,destroyed"}).state.site_filter.statuses == ("damaged", "destroyed")
    parsed = parse({"region": "Bakı, Səbail"}, regions=COMMA_REGIONS)
    assert parsed.state.site_filter.regions == ("Bakı, Səbail",)
    assert parsed.notes == []


@pytest.mark.parametrize(
    ("query", "date", "since", "stated_before", "notes"),
    [
        ("date=2022-06-01", "2022-06-01", "", None, []),
        ("date=2022-06-01&since=2020-11-10", "2022-06-01", "2020-11-10", None, []),
        ("stated_before=2023", "", "", 2023, []),
        ("date=2022-13-01", "", "", None, ["Ignored date=2022-13-01: expected a date like 2022-06-01."]),
        ("since=1800-01-01", "", "", None, ["Ignored since=1800-01-01: outside 1900-01-01 to today."]),
        ("stated_before=20x3", "", "", None, ["Ignored stated_before=20x3: expected a year from 1900 to 2101."]),
    ],
)
def test_date_since_and_stated_before_in_links(query, date, since, stated_before, notes):
    from urllib.parse import parse_qs

    parsed = parse(parse_qs(query), this_year=2100)
    f = parsed.state.site_filter
    assert (f.date, f.since, f.stated_before, parsed.notes) == (date, since, stated_before, notes)
    if not notes:
        assert to_params(parsed.state) == {k: v for k, v in parse_qs(query).items()}
