"""What a follower is told about a live session (heritage/api/events.py), from the store's row."""

from __future__ import annotations

import datetime as dt

from heritage.api.events import live_state, version_token
from heritage.dataset import DataVersion
from heritage.filters import SiteFilter
from heritage.live import LiveSession
from heritage.view import MapView, ViewState

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
SHOWN = ViewState(SiteFilter(statuses=("damaged",), contested=True), MapView(40.4, 49.8, 12), "az-2", True, 2)


def session(seen_ago: float, ended: bool = False) -> LiveSession:
    seen = NOW - dt.timedelta(seconds=seen_ago)
    return LiveSession("ABCDEF", "aysel", SHOWN, 7, seen, NOW if ended else None)


def test_a_store_that_does_not_answer_is_reconnecting_never_ended():
    assert live_state(None, NOW, reachable=False) == {"state": "reconnecting", "revision": None, "query": None}


def test_a_present_presenter_is_live_with_the_view_as_a_link():
    assert live_state(session(1), NOW) == {
        "state": "live",
        "revision": 7,
        "query": "status=damaged&contested=1&site=az-2&view=40.40000%2C49.80000%2C12&present=1&scene=2",
    }


def test_a_presenter_unseen_for_ten_seconds_is_away_and_after_ten_minutes_ended():
    assert live_state(session(10), NOW)["state"] == "away"
    assert live_state(session(5), NOW)["state"] == "live"
    assert live_state(session(11 * 60), NOW)["state"] == "ended"
    assert live_state(session(1, ended=True), NOW)["state"] == "ended"
    assert live_state(None, NOW)["state"] == "ended"  # no such session


def test_the_version_token_names_every_part_of_the_data_version():
    assert version_token(DataVersion("ab12", 3, 40)) == "ab12-3-40"
    assert version_token(None) == ""
