"""Scene rules: a view round-trips through its parameters; stored parameters never raise."""

from __future__ import annotations

from heritage.filters import SiteFilter
from heritage.links import MapView, ViewState, parse, scene_params
from heritage.scenes import params_from_json, params_json


def test_a_scene_is_the_view_without_the_presenter_flag():
    first = ViewState(SiteFilter(statuses=("damaged",)), MapView(40.4, 49.8, 12), "az-2", present=True, scene=3)
    params = params_from_json(params_json(scene_params(first)))
    assert parse(params).state == ViewState(first.site_filter, first.view, "az-2", present=False)


def test_malformed_stored_parameters_mean_an_empty_view():
    assert params_from_json("{not json") == {}
    assert params_from_json("[1, 2]") == {}
    assert params_from_json('{"status": ["damaged"], "bad": 5}') == {"status": ["damaged"]}
