"""Run a coroutine to its end from a test, even beside the browser tests.

Playwright's sync API (the browser tests, in the same pytest run) keeps an event loop running
in the main thread, where `asyncio.run` refuses to start: a test run alone passes, the whole
suite fails. `run_apart` runs it in a thread of its own.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run(coroutine) in a thread of its own; its result, or its exception."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
