"""heritage.recent.Recent: a value (a new version's overlay, a layer) is computed once, however many callers ask."""

from __future__ import annotations

import threading

from heritage.recent import Recent


def test_callers_at_once_share_one_computation():
    recent, started, release = Recent(4), threading.Event(), threading.Event()
    calls, answers = [], []

    def compute():
        calls.append(1)
        started.set()
        release.wait(10)
        return "overlay"

    first = threading.Thread(target=lambda: answers.append(recent.get(("v", 2), compute)))
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=lambda: answers.append(recent.get(("v", 2), compute))) for _ in range(3)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert answers == ["overlay"] * 4
    assert len(calls) == 1


def test_a_failed_computation_is_tried_again_and_the_oldest_value_is_forgotten():
    recent = Recent(2)

    def fail():
        raise OSError("store gone")

    try:
        recent.get(("v", 1), fail)
    except OSError:
        pass
    assert recent.get(("v", 1), lambda: "one") == "one"
    recent.get(("v", 2), lambda: "two")
    recent.get(("v", 3), lambda: "three")
    assert list(recent.values) == [("v", 2), ("v", 3)]
    assert recent.computing == {}
