"""Live sessions in the store: start, publish, follow, end, and surviving a restart."""

from __future__ import annotations

import datetime as dt

from heritage import live
from heritage.filters import SiteFilter
from heritage.store import Store
from heritage.view import MapView, ViewState

SHOWN = ViewState(SiteFilter(statuses=("damaged",)), MapView(40.4, 49.8, 12), "az-2", True, 2)


def test_a_follower_reads_what_the_presenter_published(store):
    code = live.start(store, "aysel", ViewState(present=True))
    assert live.clean_code(code.lower()) == code
    assert live.revision(store, code) == 1
    live.publish(store, code, SHOWN)
    followed = live.read(store, code)
    assert followed.state == SHOWN
    assert followed.presenter == "aysel"
    assert followed.revision == 2
    assert not followed.over()


def test_publishing_the_same_view_is_not_a_change(store):
    code = live.start(store, "aysel", SHOWN)
    live.publish(store, code, SHOWN)
    live.publish(store, code, SHOWN)
    assert live.revision(store, code) == 1


def test_ended_or_gone_for_ten_minutes_is_over(store):
    code = live.start(store, "aysel", SHOWN)
    session = live.read(store, code)
    seen = session.seen_at if session.seen_at.tzinfo else session.seen_at.replace(tzinfo=dt.UTC)
    assert not session.over(seen + dt.timedelta(minutes=9))
    assert session.over(seen + dt.timedelta(minutes=11))
    live.end(store, code)
    ended = live.read(store, code)
    assert ended.over() and ended.state == SHOWN  # followers keep the last view


def test_unknown_and_malformed_codes(store):
    assert live.read(store, "ZZZZZZ") is None
    assert live.revision(store, "ZZZZZZ") is None
    assert live.clean_code("<script>") is None
    assert live.clean_code("abc") is None


def test_the_live_state_survives_a_restart(store_url):
    first = Store(store_url)
    code = live.start(first, "aysel", SHOWN)
    first.engine.dispose()  # this copy of the dashboard stops
    again = Store(store_url)  # ... and starts again (or another copy asks)
    assert live.read(again, code).state == SHOWN
    again.engine.dispose()


def test_every_field_of_the_view_travels_the_sources_disagree_filter_included(store):
    """Issue 15: the hand-written JSON lost `contested`; the link's query keeps every field."""
    shown = ViewState(SiteFilter(statuses=("damaged",), contested=True, query="Şuşa"), MapView(40.4, 49.8, 12), "az-2")
    code = live.start(store, "aysel", ViewState(present=True))
    live.publish(store, code, shown)
    assert live.read(store, code).state == shown
    expected = "status=damaged&q=%C5%9Eu%C5%9Fa&contested=1&site=az-2&view=40.40000%2C49.80000%2C12"
    assert live.serialise(shown) == expected


def test_a_row_written_as_json_by_the_older_version_is_still_followed():
    assert live.deserialise(SHOWN.to_json()) == SHOWN
