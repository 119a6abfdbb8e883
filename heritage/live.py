"""Live sessions: a presenter's view, kept in the store so that followers on any copy see it.

The presenter's page writes its view whenever it changes, as the view's one serialisation:
the query string of its link (heritage/links.py), so every field of the view travels, the
"sources disagree" filter included. The presenter's open page keeps the session alive
(seen_at); followers are pushed the row's changes by the events route (heritage/api/events.py),
which every copy hears of at once with PostgreSQL (heritage/wakeups.py).
A session ends when the presenter ends it, or when the presenter has been gone for
GONE_AFTER (no write or touch): followers are then told and keep the last view.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from heritage import audit, links
from heritage.store import Store, announce, live_sessions
from heritage.view import ViewState

GONE_AFTER = dt.timedelta(minutes=10)
# Short codes read aloud in a meeting: no 0/O, 1/I/L.
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


@dataclass(frozen=True)
class LiveSession:
    code: str
    presenter: str
    state: ViewState
    revision: int
    seen_at: dt.datetime
    ended_at: dt.datetime | None

    def over(self, now: dt.datetime | None = None) -> bool:
        """Ended by the presenter, or the presenter gone for GONE_AFTER."""
        now = now or _now()
        return self.ended_at is not None or now - _aware(self.seen_at) > GONE_AFTER


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def serialise(state: ViewState) -> str:
    """The view as its link's query string: the one serialisation of a view (heritage/links.py)."""
    return links.to_query(state)


def deserialise(text: str) -> ViewState:
    """The inverse of serialise(); a row written as JSON by an older version is still read."""
    if text.lstrip().startswith("{"):
        return ViewState.from_json(text)
    return links.parse_query(text).state


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def clean_code(text: str | None) -> str | None:
    """A code from a link, upper-cased; None unless it could be one of ours."""
    code = (text or "").strip().upper()
    return code if len(code) == CODE_LENGTH and all(c in CODE_LETTERS for c in code) else None


def start(store: Store, presenter: str, state: ViewState) -> str:
    """Open a live session showing `state`; returns its code."""
    now = _now()
    for _ in range(5):  # a clash of random codes is rare; try another
        code = new_code()
        try:
            with store.engine.begin() as connection:
                connection.execute(
                    live_sessions.insert().values(
                        code=code,
                        presenter=presenter,
                        state=serialise(state),
                        revision=1,
                        started_at=now,
                        seen_at=now,
                        ended_at=None,
                    )  # fmt: skip
                )
            audit.record(store, presenter, "live-start", code)
            return code
        except sa.exc.IntegrityError:
            continue
    raise RuntimeError("Could not find a free live-session code.")


def publish(store: Store, code: str, state: ViewState) -> None:
    """The presenter's view changed: store it (a new revision) unless it is the same."""
    text = serialise(state)
    with store.engine.begin() as connection:
        changed = connection.execute(
            live_sessions.update()
            .where(live_sessions.c.code == code, live_sessions.c.state != text)
            .values(state=text, revision=live_sessions.c.revision + 1, seen_at=_now())
        ).rowcount
        if changed:
            announce(connection, code)  # every copy's followers hear of it now (PostgreSQL)


def touch(store: Store, code: str) -> None:
    """The presenter is still there (their page is open)."""
    with store.engine.begin() as connection:
        connection.execute(live_sessions.update().where(live_sessions.c.code == code).values(seen_at=_now()))


def end(store: Store, code: str) -> None:
    with store.engine.begin() as connection:
        ended = connection.execute(
            live_sessions.update()
            .where(live_sessions.c.code == code, live_sessions.c.ended_at.is_(None))
            .values(ended_at=_now())
            .returning(live_sessions.c.presenter)
        ).first()
        if ended is not None:
            announce(connection, code)
    if ended is not None:  # the audit trail: once, by the presenter who ended it
        audit.record(store, ended.presenter, "live-end", code)


def revision(store: Store, code: str) -> int | None:
    """The cheap question a follower asks often: the session's revision (None: no such session)."""
    with store.engine.connect() as connection:
        return connection.scalar(sa.select(live_sessions.c.revision).where(live_sessions.c.code == code))


def open_session_of(store: Store, presenter: str, now: dt.datetime | None = None) -> str | None:
    """The code of the presenter's newest session that is not over: to resume after signing in again."""
    now = now or _now()
    query = (
        sa.select(live_sessions.c.code)
        .where(
            live_sessions.c.presenter == presenter,
            live_sessions.c.ended_at.is_(None),
            live_sessions.c.seen_at >= now - GONE_AFTER,
        )
        .order_by(live_sessions.c.started_at.desc())
        .limit(1)
    )
    with store.engine.connect() as connection:
        return connection.scalar(query)


def read(store: Store, code: str) -> LiveSession | None:
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(live_sessions).where(live_sessions.c.code == code)).mappings().first()
    if row is None:
        return None
    try:
        state = deserialise(row["state"])
    except ValueError:
        state = ViewState()  # a row written by another version: follow from the default view
    return LiveSession(row["code"], row["presenter"], state, int(row["revision"]), row["seen_at"], row["ended_at"])
