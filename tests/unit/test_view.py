"""The view state as dict/JSON and back, and the filter declarations' widget values."""

from __future__ import annotations

import pytest

from heritage import filters
from heritage.filters import Choices, SiteFilter
from heritage.view import MapView, ViewState

STATES = [
    ViewState(),
    ViewState(SiteFilter(statuses=("damaged", "destroyed"), regions=("Şəki",)), site="az-2"),
    ViewState(SiteFilter(year=(2000, 2019), year_unknown=False, progress=(0, 50), query="Qız qalası")),
    ViewState(SiteFilter(designations=("unesco_world_heritage",)), MapView(40.36, 49.83, 12), "az-2", True, 3),
    ViewState(present=True, scene=1, language="az"),
]


@pytest.mark.parametrize("state", STATES)
def test_json_round_trip(state):
    assert ViewState.from_json(state.to_json()) == state


def test_dict_is_plain_data():
    state = ViewState(SiteFilter(year=(2000, 2019)), MapView(40.4, 47.7, 9), "az-2", True, 2, "az")
    assert state.to_dict() == {
        "filters": {"year": ["2000-2019"], "year_unknown": ["1"]},  # the filters' URL parameters
        "view": {"lat": 40.4, "lon": 47.7, "zoom": 9},
        "site": "az-2",
        "present": True,
        "scene": 2,
        "language": "az",
    }


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "nonsense",
        '{"filters": {"statuses": ["damaged"]}}',
        '{"filters": {"status": "damaged"}}',
        '{"view": {"lat": 1}}',
    ],
)
def test_malformed_json_is_a_clear_error(text):
    with pytest.raises(ValueError, match="Not a view state"):
        ViewState.from_json(text)


def test_changed_leaves_the_original():
    state = ViewState(site="a")
    assert state.changed(site="b").site == "b" and state.site == "a"


CHOICES = Choices(regions=("Bakı", "Şəki"), year_bounds=(2000, 2023))


@pytest.mark.parametrize(
    "site_filter",
    [
        SiteFilter(),
        SiteFilter(statuses=("damaged",), designations=("national_registry",), regions=("Bakı",), query="x"),
        SiteFilter(year=(2005, 2019), year_unknown=False, progress=(10, 90), progress_unknown=False),
    ],
)
def test_widgets_show_and_read_back_the_filter(site_filter):
    values = filters.widget_values(site_filter, CHOICES)
    assert filters.from_widgets(values, CHOICES) == site_filter


def test_a_linked_year_range_is_clamped_to_the_data():
    values = filters.widget_values(SiteFilter(year=(1990, 2010)), CHOICES)
    assert values["f_year"] == (2000, 2010)


def test_a_slider_value_that_comes_back_as_one_number_is_a_point():
    values = {**filters.widget_values(SiteFilter(), CHOICES), "f_year": 2007}
    assert filters.from_widgets(values, CHOICES).year == (2007.0, 2007.0)


def test_every_widget_key_is_declared_once():
    keys = [w.key for declared in filters.FILTERS for w in declared.widgets(CHOICES)]
    assert sorted(keys) == sorted(set(keys))
    assert "f_status" in keys and "f_contested" in keys and all(key.startswith("f_") for key in keys)


def test_the_record_date_and_comparison_survive_json():
    """A live session and a scene carry the view as JSON: the date, since and stale filters too."""
    import datetime as dt

    state = ViewState(SiteFilter(date="2022-06-01", since="2020-11-10", stated_before=2023, contested=True))
    back = ViewState.from_json(state.to_json())
    assert back == state
    assert (back.site_filter.day, back.site_filter.since_day) == (dt.date(2022, 6, 1), dt.date(2020, 11, 10))


# -- the one declaration of what a map view can be (heritage.extent), shared by links and reports --
@pytest.mark.parametrize(
    ("lat", "lon", "zoom", "problem"),
    [
        (40.4, 49.8, 9, None),
        (-90, 180, 1, None),
        (90, -180, 19, None),
        (40.4, 49.8, 2e9, "zoom out of range"),
        (40.4, 49.8, 0, "zoom out of range"),
        (40.4, 49.8, 20, "zoom out of range"),
        (float("nan"), 49.8, 9, "not finite"),
        (40.4, float("inf"), 9, "not finite"),
        (40.4, 49.8, float("nan"), "not finite"),
        (91, 49.8, 9, "latitude or longitude out of range"),
        (40.4, -1e300, 9, "latitude or longitude out of range"),
        ("x", 49.8, 9, "not numbers"),
    ],
)
def test_view_problem(lat, lon, zoom, problem):
    from heritage.extent import view_problem

    assert view_problem(lat, lon, zoom) == problem


def test_reported_bounds_are_finite_and_kept_on_the_globe():
    from heritage.extent import Bounds, checked_bounds

    assert checked_bounds(38.5, 44.5, 42.0, 51.0) == Bounds(38.5, 44.5, 42.0, 51.0)
    assert checked_bounds(-95, -500, 95, 500) == Bounds(-90.0, -180.0, 90.0, 180.0)  # zoom 1, wide screen
    assert checked_bounds(-1e308, -1e308, 1e308, 1e308) == Bounds(-90.0, -180.0, 90.0, 180.0)
    assert checked_bounds(float("nan"), 44, 42, 51) is None
    assert checked_bounds(38, 44, float("inf"), 51) is None
    assert checked_bounds(38, 44, "42", None) is None
    assert checked_bounds(42, 44, 38, 51) is None  # south of north


def test_a_stored_view_out_of_range_is_not_a_view_state():
    state = ViewState(view=MapView(40.4, 49.8, 9)).to_dict()
    state["view"]["zoom"] = 2_000_000_000
    with pytest.raises(ValueError, match="zoom out of range"):
        ViewState.from_dict(state)


@pytest.mark.parametrize("view", ["40.4,49.8,2e9", "nan,49.8,9", "40.4,inf,9", "40.4,49.8,0"])
def test_a_link_view_out_of_range_is_a_note(view):
    from heritage.links import parse

    parsed = parse({"view": [view]})
    assert parsed.state.view is None
    assert parsed.notes == [f"Ignored view={view}: latitude, longitude or zoom out of range."]


@pytest.mark.parametrize(
    ("sent", "year"),
    [
        ((float("inf"), 2010), None),  # not a number a slider can hold: no year filter
        ((float("nan"), 2010), None),
        ((-10**12, 10**12), None),  # wider than the data: the whole range, so no filter
        ((1990, 2010), (2000.0, 2010.0)),  # kept inside the data's years
    ],
)
def test_a_slider_value_from_the_browser_is_checked(sent, year):
    values = {**filters.widget_values(SiteFilter(), CHOICES), "f_year": sent}
    assert filters.from_widgets(values, CHOICES).year == year


def test_a_search_from_the_browser_is_cut_to_the_widget_limit():
    values = {**filters.widget_values(SiteFilter(), CHOICES), "f_query": "q" * 10_000_000}
    assert filters.from_widgets(values, CHOICES).query == "q" * 200
