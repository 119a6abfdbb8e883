"""heritage/current.py recent_answer(): a crowd's requests share one look at the store.

A room of followers fetches the map's layer after each of the presenter's moves (each one a
request to /api/layer); each used to read the store's version itself. Now a read at most
`max_age` old is reused, and every fresh look (the live events reader's, a page's) renews it,
so a page told of a new version never gets an older one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from heritage import current
from heritage.store import NewObservation


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setattr(current, "_last_answer", None)
    answer = current.answering()
    assert answer is not None
    return answer[0]


def _count_looks(store, monkeypatch) -> list[int]:
    looks: list[int] = []
    version = store.version

    def counted():
        looks.append(1)
        return version()

    monkeypatch.setattr(store, "version", counted)
    return looks


def test_requests_within_the_age_share_the_last_look(store, monkeypatch):
    looks = _count_looks(store, monkeypatch)
    first = current.recent_answer(60.0)
    for _ in range(100):
        assert current.recent_answer(60.0) == first
    assert looks == []


def test_a_fresh_look_renews_what_the_crowd_is_given(store, monkeypatch):
    before = current.recent_answer(60.0)[1]
    store.record([NewObservation("az-1", "status", "damaged", dt.date(2026, 11, 1), "Inspection 2026/9", "aysel")], {})
    assert current.recent_answer(60.0)[1] == before  # within the age: the last look
    seen = current.answering()[1]  # the events reader's (or a page's) look
    assert seen != before
    assert current.recent_answer(60.0)[1] == seen


def test_an_old_look_is_not_reused(store, monkeypatch):
    looks = _count_looks(store, monkeypatch)
    current.recent_answer(0.0)
    current.recent_answer(0.0)
    assert looks == [1, 1]


def test_a_look_at_another_store_is_not_reused(store, tmp_path, monkeypatch):
    current.recent_answer(60.0)
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite'}")
    other = current.recent_answer(60.0)
    assert other is not None and other[0] is not store
