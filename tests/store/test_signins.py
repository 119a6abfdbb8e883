"""The sign-in throttle in the store (F2, F3): reserved before bcrypt, shared by copies and sessions, bounded."""

from __future__ import annotations

import threading

import pytest

from heritage import signins
from heritage.auth import attempt_sign_in, check_password, hash_password
from heritage.signins import WINDOW, StoreSignIns
from heritage.store import Store

NOW = 1_800_000_000.0  # a fixed moment (2027-01-15), so the waits below are exact


@pytest.fixture
def copies(store_url):
    """Two copies of the dashboard on one store: two Store objects, two connection pools."""
    first, second = Store(store_url), Store(store_url)
    yield StoreSignIns(first), StoreSignIns(second)
    first.engine.dispose()
    second.engine.dispose()


def test_fifty_simultaneous_guesses_for_one_name_reach_bcrypt_once(copies):
    editors = {"aysel": hash_password("the right password")}
    checked: list[str] = []
    start = threading.Barrier(50)
    outcomes = [None] * 50

    def guess(number: int) -> None:
        def check() -> bool:
            checked.append(f"guess {number}")
            return check_password(editors, "aysel", f"guess {number}")

        start.wait()
        keys = ["name:aysel", f"session:{number:032x}"]  # a new session for every guess
        outcomes[number] = attempt_sign_in(copies[number % 2], keys, check)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 1
    assert sum(1 for o in outcomes if o.wait > 0) == 49 and not any(o.signed_in for o in outcomes)


def test_the_wait_holds_across_copies_and_sessions_and_a_success_clears_it(copies):
    first, second = copies
    assert first.reserve(["name:aysel", "session:1"], NOW) == 0.0
    assert second.reserve(["name:aysel", "session:2"], NOW + 0.25) == 0.75  # another copy, a new session
    assert second.reserve(["name:rashad", "session:1"], NOW + 0.5) == 0.5  # the session carries it too
    assert second.reserve(["name:rashad", "session:3"], NOW + 0.5) == 0.0
    assert first.reserve(["name:aysel", "session:4"], NOW + 1.0) == 0.0  # one failure: 1 s
    assert first.reserve(["name:aysel", "session:5"], NOW + 1.5) == 1.5  # two failures: 2 s from the last
    first.succeeded(["name:aysel", "session:4"])
    assert second.reserve(["name:aysel", "session:6"], NOW + 1.5) == 0.0


def test_old_attempts_are_pruned_and_the_table_is_capped(copies, monkeypatch):
    first, _ = copies
    monkeypatch.setattr(StoreSignIns, "MAX_ROWS", 30)
    for number in range(40):
        assert first.reserve([f"name:guess{number}", f"session:{number}"], NOW) == 0.0
    assert first.rows() == 30
    assert first.reserve(["name:aysel", "session:x"], NOW + WINDOW + 1) == 0.0
    assert first.rows() == 2


def test_a_key_longer_than_the_column_is_cut_not_refused(copies):
    first, _ = copies
    assert first.reserve(["name:" + "a" * 200], NOW) == 0.0
    assert first.reserve(["name:" + "a" * 300], NOW) == 1.0
    assert signins.MAX_KEY == 64
