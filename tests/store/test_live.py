"""Live sessions in the store: start, publish, follow, end, and surviving a restart."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import queue
from collections.abc import Iterator

import pytest

from heritage import current, live, wakeups
from heritage.api import events
from heritage.filters import SiteFilter
from heritage.store import NewObservation, Store
from heritage.view import MapView, ViewState
from tests.apart import run_apart

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


def test_only_postgresql_stores_send_wake_ups():
    assert wakeups.can_listen("postgresql://heritage@127.0.0.1:5432/heritage")
    assert wakeups.can_listen("postgresql+psycopg://heritage@127.0.0.1:5432/heritage")
    assert not wakeups.can_listen("sqlite:///data/store.sqlite")


@contextlib.contextmanager
def listening(store_url: str) -> Iterator[queue.Queue[str]]:
    """A copy's listener on the store (PostgreSQL only: skipped on SQLite), connected; yields what it hears."""
    if not wakeups.can_listen(store_url):
        pytest.skip("SQLite: one process per file, nothing to hear from another copy")
    heard: queue.Queue[str] = queue.Queue()
    listener = wakeups.Listener(store_url, heard.put).start()
    try:
        assert listener.listening.wait(10)
        assert heard.get(timeout=10) == ""  # on connecting: look at whatever was missed
        yield heard
    finally:
        listener.stop()


def test_every_listening_copy_hears_of_a_publish_and_an_end(store, store_url):
    """Issue 15: one connection per process LISTENs; a presenter's write on any copy NOTIFYs it."""
    with listening(store_url) as heard:
        code = live.start(store, "aysel", ViewState(present=True))
        live.publish(store, code, SHOWN)
        assert heard.get(timeout=10) == code
        live.publish(store, code, SHOWN)  # the same view: no change, no notice
        live.end(store, code)
        assert heard.get(timeout=10) == code
        assert heard.empty()


async def _next_live(client: events.Client) -> dict:
    """The next `live` event the reader pushes to `client` (10 s at most)."""
    while True:
        text = await asyncio.wait_for(client.queue.get(), 10)
        if text.startswith("event: live"):
            return json.loads(text.split("data: ", 1)[1])


def test_a_copy_hears_at_once_of_a_move_published_on_another(store, store_url, monkeypatch, synthetic_file):
    """Issue 15: the other copy's reader looks when PostgreSQL tells it, not at its next poll.

    The poll is set to two minutes, so only the wake-up can bring the move within the wait.
    """
    if not wakeups.can_listen(store_url):
        pytest.skip("SQLite: one process per file, nothing to hear from another copy")
    monkeypatch.setenv("HERITAGE_DATABASE_URL", store_url)
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setattr(events, "POLL", 120.0)
    monkeypatch.setattr(current, "_stores", {})  # this test's store, not one cached by another test
    code = live.start(store, "aysel", ViewState(present=True))

    async def follow() -> tuple[dict, dict]:
        hub, client = events.Hub(), events.Client(follow=code, present=None)
        hub.subscribe(client)
        try:
            first = await _next_live(client)
            assert await asyncio.to_thread(hub.listener.listening.wait, 10)
            await asyncio.to_thread(live.publish, store, code, SHOWN)  # as another copy's route does
            return first, await _next_live(client)
        finally:
            hub.unsubscribe(client)
            hub.listener.stop()
            hub.task.cancel()

    first, moved = run_apart(follow())  # beside Playwright's loop in a whole run
    assert (first["revision"], moved["revision"]) == (1, 2)
    assert moved["query"] == "status=damaged&site=az-2&view=40.40000%2C49.80000%2C12&present=1&scene=2"
    for opened in current._stores.values():
        opened.engine.dispose()


async def _next_version(client: events.Client) -> str:
    """The next `version` event the reader pushes to `client` (10 s at most)."""
    while True:
        text = await asyncio.wait_for(client.queue.get(), 10)
        if text.startswith("event: version"):
            return text.split("data: ", 1)[1].strip()


def test_an_edit_reaches_the_pages_reader_at_once(store, store_url, monkeypatch, synthetic_file):
    """Issue 15: a recorded observation wakes the reader (this process's write; PostgreSQL's notice
    for other copies), so pages hear of it without waiting for the poll (set to two minutes here)."""
    monkeypatch.setenv("HERITAGE_DATABASE_URL", store_url)
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setattr(events, "POLL", 120.0)
    monkeypatch.setattr(current, "_stores", {})
    edit = NewObservation("syn-0", "status", "destroyed", dt.date(2025, 5, 1), "Inspection report 7", "aysel")

    async def watch() -> tuple[str, str]:
        hub, client = events.Hub(), events.Client(follow=None, present=None)
        hub.subscribe(client)
        try:
            before = await _next_version(client)
            await asyncio.to_thread(current.open_store(store_url).record_latest, [edit])
            return before, await _next_version(client)
        finally:
            hub.unsubscribe(client)
            if hub.listener is not None:
                hub.listener.stop()
            hub.task.cancel()

    before, after = run_apart(watch())
    assert before != after
    for opened in current._stores.values():
        opened.engine.dispose()


def test_other_copies_hear_of_an_edit(store, store_url):
    with listening(store_url) as heard:
        store.writable()  # a write that changes nothing: no notice
        store.record_latest([NewObservation("a", "status", "damaged", dt.date(2025, 5, 1), "Report 3", "aysel")])
        assert heard.get(timeout=10) == "data"
        assert heard.empty()
