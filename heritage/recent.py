"""A few computed values by key, each computed once, the oldest forgotten first (thread-safe).

One mechanism for the process-wide caches that pages and routes share: the data with its
observations (heritage/current.py), a filter's indexed sites (heritage/layer.py) and the layer
answers (heritage/api/layer.py). A value is computed once however many callers ask for it at
the same moment: an edit makes every open page run at once, and a presenter's move makes every
follower ask for the same layer; the others wait for the first one's value instead of each
computing it (on 2 cores, three at once took three times as long for every one of them).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Recent(Generic[Value]):
    """At most `entries` values, the least recently used forgotten first."""

    def __init__(self, entries: int):
        self.entries = entries
        self.values: OrderedDict[Hashable, Value] = OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict[Hashable, threading.Lock] = {}  # key -> held while its value is computed

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value of `key`, computed by `compute()` unless it is kept or being computed."""
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
            computing = self.computing.setdefault(key, threading.Lock())
        with computing:  # the first caller computes; the others wait here, then find its value
            with self.lock:
                if key in self.values:
                    return self.values[key]
            try:
                value = compute()
                with self.lock:
                    self.values[key] = value
                    while len(self.values) > self.entries:
                        self.values.popitem(last=False)
                return value
            finally:  # after the value is kept, so a caller arriving now finds it
                with self.lock:
                    self.computing.pop(key, None)
