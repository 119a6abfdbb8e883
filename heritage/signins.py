"""The sign-in throttle kept in the store, so its count holds across copies, sessions and restarts.

Each attempt is written (one row per key: the name, the session) in the same transaction
that reads the keys' earlier failures, before the password is checked: fifty guesses sent at
once for one name see each other, and only the first reaches bcrypt. A success deletes its
keys' rows. The table stays small: rows older than WINDOW are pruned on every attempt and at
most MAX_ROWS are kept (the oldest go first).
"""

from __future__ import annotations

import sqlalchemy as sa

from heritage.auth import SignInThrottle
from heritage.store import Store, metadata

WINDOW = 3600.0  # seconds a failure counts; longer than the longest wait, so the doubling holds
MAX_KEY = 64  # "name:" + at most 40 characters, or "session:" + 32 hex digits

sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(MAX_KEY), nullable=False, index=True),
    sa.Column("attempted_at", sa.Float, nullable=False, index=True),  # seconds since the epoch, UTC
)


class StoreSignIns(SignInThrottle):
    """SignInThrottle over the store's `sign_in_attempts` table (migration 0005)."""

    MAX_ROWS = 20_000

    def __init__(self, store: Store) -> None:
        self.store = store

    def reserve(self, keys: list[str], now: float) -> float:
        """The wait; when there is none, one row per key is written, in the transaction that read them."""
        keys = [key[:MAX_KEY] for key in keys]
        with self.store._writing() as connection:
            if connection.dialect.name == "postgresql":  # read and write as one step (SQLite: BEGIN IMMEDIATE)
                connection.execute(sa.text("LOCK TABLE sign_in_attempts IN SHARE ROW EXCLUSIVE MODE"))
            connection.execute(sign_in_attempts.delete().where(sign_in_attempts.c.attempted_at < now - WINDOW))
            wait = max([0.0, *(self._wait(connection, key, now) for key in keys)])
            if wait <= 0:
                connection.execute(sign_in_attempts.insert(), [{"key": key, "attempted_at": now} for key in keys])
                self._cap(connection)
        return wait

    def succeeded(self, keys: list[str]) -> None:
        with self.store._writing() as connection:
            connection.execute(sign_in_attempts.delete().where(sign_in_attempts.c.key.in_([k[:MAX_KEY] for k in keys])))

    def rows(self) -> int:
        """How many attempts are kept (for tests and the curious administrator)."""
        with self.store._reading() as connection:
            return int(connection.scalar(sa.select(sa.func.count()).select_from(sign_in_attempts)))

    def _wait(self, connection: sa.Connection, key: str, now: float) -> float:
        count, last = connection.execute(
            sa.select(sa.func.count(), sa.func.max(sign_in_attempts.c.attempted_at)).where(
                sign_in_attempts.c.key == key
            )
        ).one()
        return last + self._delay(count) - now if count else 0.0

    def _cap(self, connection: sa.Connection) -> None:
        """Keep the newest MAX_ROWS rows: a flood of made-up names pushes out the oldest."""
        newest_dropped = connection.scalar(
            sa.select(sign_in_attempts.c.id).order_by(sign_in_attempts.c.id.desc()).offset(self.MAX_ROWS).limit(1)
        )
        if newest_dropped is not None:
            connection.execute(sign_in_attempts.delete().where(sign_in_attempts.c.id <= newest_dropped))
