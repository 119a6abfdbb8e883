"""Wake-ups across copies: PostgreSQL's LISTEN/NOTIFY, so every copy looks at a change at once.

A presenter's move is published to the store by the copy that serves the presenter
(heritage/api/views.py). Each copy has one reader of the store for all its open pages
(heritage/api/events.py, `Hub`), which looks every POLL seconds; the presenter's own copy is
nudged at once, and without this module the other copies would hear of the move only at their
next look (up to POLL later, on top of everything else a follower waits for).

With PostgreSQL, the write also sends a notice on CHANNEL (`heritage.store.announce`, delivered when its
transaction commits), and each process holds ONE listening connection (`Listener`, a thread of
its own) that wakes its reader: one connection per process, never one per follower. A notice
carries nothing but the session's code (or "data": an edit); the store stays the one source of truth, and a notice
lost (the server restarting, the listener reconnecting) costs only the wait for the next poll.
SQLite (one process per file) sends and hears nothing: the poll and the nudge cover it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
import sqlalchemy as sa
from psycopg import sql

from heritage.store import CHANNEL, failure_cause

RETRY = 1.0  # seconds before listening again after the server stopped answering
WAIT = 1.0  # seconds one wait for notices lasts, so that stop() is heard
CONNECT_TIMEOUT = 5  # seconds, as the store's own connections

log = logging.getLogger(__name__)


def can_listen(url: str) -> bool:
    """Whether the store at `url` sends notices (PostgreSQL), so a Listener is worth starting."""
    return sa.make_url(url).get_backend_name() == "postgresql"


class Listener:
    """One connection LISTENing on CHANNEL in a daemon thread: `wake(code)` for every notice.

    `wake("")` also follows every (re)connection: whatever changed while nobody listened is
    looked at then. If the server stops answering, the thread says so in the log once (no host,
    no password) and tries again every RETRY seconds.
    """

    def __init__(self, url: str, wake: Callable[[str], None]) -> None:
        self._conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.wake = wake
        self.listening = threading.Event()  # set while the connection listens (tests wait on it)
        self._stop = threading.Event()
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="heritage-wakeups", daemon=True)

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self, timeout: float = WAIT + CONNECT_TIMEOUT) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as error:  # the server is gone or restarting: the poll goes on meanwhile
                if not self._failing:
                    log.warning("Live wake-ups paused (%s); followers hear of changes at the next poll.",
                                failure_cause(error))  # fmt: skip
                self._failing = True
            self.listening.clear()
            self._stop.wait(RETRY)

    def _listen(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
            self.listening.set()
            if self._failing:
                log.warning("Live wake-ups resumed.")
                self._failing = False
            self.wake("")
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=WAIT):
                    self.wake(notice.payload)
