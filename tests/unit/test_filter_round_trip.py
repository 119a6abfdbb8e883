"""Generated from the declarations: every filter, set to a value other than its default, survives
every way a view travels (URL, sidebar widgets, view state, scene, live session, briefing command).

Nothing here names a filter: a filter added to heritage/filters.py FILTERS is tested by this file
as it is, which is how the "sources disagree" filter could have been caught when the live
session's hand-written list left it out.
"""

from __future__ import annotations

import dataclasses

import pytest

from heritage import filters, links
from heritage.filters import FILTERS, Choices, SiteFilter
from heritage.live import publish, read, start
from heritage.scenes import params_from_json, params_json
from heritage.store import Store
from heritage.view import MapView, ViewState

CHOICES = Choices(regions=("Bakı", "Şuşa"), year_bounds=(1990, 2023), this_year=2026)


def _name(declared) -> str:
    return declared.fields()[0].name


@pytest.fixture(params=FILTERS, ids=_name)
def state(request) -> ViewState:
    declared = request.param
    site_filter = SiteFilter(**declared.example())
    assert site_filter != SiteFilter(), f"{_name(declared)}: its example is the default"
    return ViewState(site_filter, MapView(39.75, 46.75, 13), site="az-1")


def test_every_declared_field_is_a_field_of_site_filter():
    declared = [field.name for d in FILTERS for field in d.fields()]
    assert declared == [field.name for field in dataclasses.fields(SiteFilter)]


def test_url(state):
    assert links.parse(links.to_params(state), regions=CHOICES.regions).state == state


def test_widgets(state):
    values = filters.widget_values(state.site_filter, CHOICES)
    assert filters.from_widgets(values, CHOICES) == state.site_filter


def test_view_state_json(state):
    assert ViewState.from_json(state.to_json()) == state


def test_scene(state):
    stored = params_from_json(params_json(links.scene_params(state)))
    assert links.parse(stored, regions=CHOICES.regions).state == state


def test_live_session(state, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    code = start(store, "aysel", ViewState())
    publish(store, code, state)
    assert read(store, code).state == state


def test_briefing_command_query(state):
    assert links.parse_query(links.to_query(state), regions=CHOICES.regions).state == state
