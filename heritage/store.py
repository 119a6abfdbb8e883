"""Observations: dated, sourced, attributed changes to a site, never updated or deleted.

A site's current state is its base record with its latest observations applied. The store
is SQLite in the data directory by default, or PostgreSQL when `HERITAGE_DATABASE_URL` is
set, so several copies of the dashboard can share one. The schema is created or upgraded
by Alembic migrations when the store opens.

Concurrent edits are caught with a revision number per site: an editor's write states the
revision it saw, and the write is refused if another has changed the site since.

Every database failure leaves this module as a StoreError with a sentence for the editor
(never the driver's message, which names the host, port and database), and any number
of copies may open a fresh store at once: migrations take a lock first.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from heritage.i18n import N_
from heritage.scenes import MAX_SCENES, Scene, SceneRefused, params_from_json, params_json
from heritage.schema import (
    TEXT_LIMITS,
    RecordError,
    clean_designations,
    clean_progress,
    clean_status,
    clean_text,
    clean_url,
)

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "heritage.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
OBSERVED_FIELDS = ("status", "restoration_progress", "designations")

metadata = sa.MetaData()
observations = sa.Table(
    "observations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("site_id", sa.String(100), nullable=False, index=True),
    sa.Column("field", sa.String(40), nullable=False),  # an OBSERVED_FIELD, or "withdrawal"
    sa.Column("value", sa.Text, nullable=True),  # JSON
    sa.Column("observed", sa.Date, nullable=True),  # empty: an undated note, never the current state
    sa.Column("source", sa.String(1000), nullable=False),
    sa.Column("source_url", sa.String(2000), nullable=True),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("withdraws", sa.Integer, sa.ForeignKey("observations.id"), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    # The time a claim describes (for "sources disagree"); empty means the observed day.
    sa.Column("period_from", sa.Date, nullable=True),
    sa.Column("period_to", sa.Date, nullable=True),
    # A key per shipped statement observation (see heritage/conditions.py); unique.
    sa.Column("statement", sa.String(200), nullable=True, unique=True),
    # Made while the store required review: counts only once another person approves it.
    sa.Column("proposed", sa.Boolean, nullable=True),
    # A review (field "review", value "approved" or "rejected") names the proposal it decides.
    sa.Column("reviews", sa.Integer, sa.ForeignKey("observations.id"), nullable=True),
)
site_revisions = sa.Table(
    "site_revisions",
    metadata,
    sa.Column("site_id", sa.String(100), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
)
base_versions = sa.Table(
    "base_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
)
base_records = sa.Table(
    "base_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("base_versions.id"), nullable=False, index=True),
    sa.Column("site_id", sa.String(100), nullable=False, index=True),
    sa.Column("feature", sa.Text, nullable=False),  # the GeoJSON feature as imported
)
scenes = sa.Table(
    "scenes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("params", sa.Text, nullable=False),  # JSON: the view's URL parameters
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),  # jpeg, png, webp or pdf: read from the content
    sa.Column("name", sa.String(200), nullable=False),  # the uploaded name, shown as text only
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("width", sa.Integer, nullable=True),
    sa.Column("height", sa.Integer, nullable=True),
    sa.Column("data", sa.LargeBinary, nullable=False),  # the cleaned file (images re-encoded)
    sa.Column("thumbnail", sa.LargeBinary, nullable=True),  # a small JPEG, for images
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=True),
    sa.Column("copy", sa.String(300), nullable=False),  # which copy of the dashboard: host/pid
)
LOG = logging.getLogger("heritage.store")
MIGRATION_LOCK = 7_202_611  # any constant; PostgreSQL advisory locks are numbered
CANNOT_WRITE = N_(
    "The store cannot be written just now (it is read-only, full or not answering); nothing was saved. "
    "Try again later, or tell the administrator."
)
CANNOT_READ = N_("The store is not answering just now; the map shows the base data and editing is off.")
# The presenters' live sessions (heritage/live.py reads and writes them; migration 0003).
live_sessions = sa.Table(
    "live_sessions",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("presenter", sa.String(200), nullable=False),
    sa.Column("state", sa.Text, nullable=False),  # the view's link query (serialise()); JSON in older rows
    sa.Column("revision", sa.Integer, nullable=False),  # + 1 on every change of state
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),  # the presenter's last sign of life
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
)
MAX_SIGN_IN_KEY = 64  # "name:" + at most 40 characters, or "session:" + 32 hex digits
# Sign-in attempts, for the throttle that holds across copies (heritage/signins.py; migration 0005).
sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(MAX_SIGN_IN_KEY), nullable=False, index=True),
    sa.Column("attempted_at", sa.Float, nullable=False, index=True),  # seconds since the epoch, UTC
)


class StoreError(Exception):
    """A write that cannot be done; the message is shown to the editor as it is."""


class StoreUnavailable(StoreError):
    """The database failed (unreachable, read-only, full): the message never names the server."""


class Conflict(StoreError):
    """Another editor changed these sites after this editor loaded them."""

    def __init__(self, site_ids: list[str]):
        super().__init__(
            "Changed by someone else since you opened it: " + ", ".join(site_ids) + ". Their change is shown; "
            "check it and record yours again if it still stands."
        )
        self.site_ids = site_ids


@contextlib.contextmanager
def _unavailable_as_store_error(message: str) -> Iterator[None]:
    """Any database failure becomes StoreUnavailable with `message`; the driver's text (with
    host, port, database and paths) stays in the exception chain for the log, off the page."""
    try:
        yield
    except sa.exc.SQLAlchemyError as error:
        raise StoreUnavailable(message) from error


# The LISTEN/NOTIFY channel every copy listens on (heritage/wakeups.py): a notice carries only
# a live session's code, or DATA_CHANGED; the store stays the truth, a notice only says "look now".
CHANNEL = "heritage_live"
DATA_CHANGED = "data"


def announce(connection: sa.Connection, code: str) -> None:
    """Inside a write transaction: every listening copy looks at the store once it commits (PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_notify(CHANNEL, code)))


# Called after each committed write that changes the data, in this process: the live events
# reader (heritage/api/events.py) looks at once instead of at its next poll (SQLite has no notices).
_data_watchers: list[Callable[[], None]] = []


def watch_data(wake: Callable[[], None]) -> None:
    """`wake()` (from the writing thread) after every data-changing write this process commits."""
    _data_watchers.append(wake)


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_ADDRESS = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b|\b[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}\b|/\S+", re.IGNORECASE)
_SETTING = re.compile(r"\b(host|hostaddr|user|password|dbname|port)\s*=\s*\S+", re.IGNORECASE)


def failure_cause(error: BaseException) -> str:
    """For the server log: the first failure's class and first line, with no host, user, password or path.

    The driver's message names the server ("connection to server at "db.example", port 5432
    failed"); quoted names, URLs, addresses, paths and key=value settings become `<...>`.
    """
    cause = error
    while cause.__cause__ is not None:
        cause = cause.__cause__
    cause = getattr(cause, "orig", None) or cause  # SQLAlchemy keeps the driver's own error there
    lines = str(cause).strip().splitlines()
    text = lines[0] if lines else ""
    for pattern in (_URL, _SETTING, _QUOTED, _ADDRESS):
        text = pattern.sub("<...>", text)
    return f"{type(cause).__name__}: {text[:300]}"


class StoreHealth:
    """Logs the store's failures once per change of state, not once per page or request.

    Without it a wrong HERITAGE_DATABASE_URL, or a full disk at start, read as "not
    answering" on every page with an empty server log. The line names the failure's class
    and a redacted first line (failure_cause): never a host or a password. One instance,
    STORE_HEALTH, is shared by the pages (heritage.ui.data) and the routes (heritage.current).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cause: str | None = None  # the failure last logged; None while the store answers

    def failed(self, error: BaseException) -> None:
        cause = failure_cause(error)
        with self._lock:
            if cause == self._cause:
                return
            self._cause = cause
        LOG.warning("The observation store is not answering: %s", cause)

    def answered(self) -> None:
        with self._lock:
            if self._cause is None:
                return
            self._cause = None
        LOG.warning("The observation store answers again.")


STORE_HEALTH = StoreHealth()


@dataclass(frozen=True)
class NewObservation:
    site_id: str
    field: str
    value: object
    observed: dt.date | None  # None: an undated note
    source: str
    author: str
    source_url: str | None = None
    note: str | None = None
    withdraws: int | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    statement: str | None = None
    # Cleaned files (heritage.evidence.EvidenceFile) stored with this observation, in its transaction.
    evidence: tuple = ()


REVIEW_DECISIONS = ("approved", "rejected")


def review_required() -> bool:
    """Whether an observation needs a second person's approval (HERITAGE_REVIEW=required; off by default)."""
    return os.environ.get("HERITAGE_REVIEW", "").strip().lower() == "required"


def clean_value(field: str, value: object) -> object:
    """The same rules as the site record, so an observation can never store a bad value."""
    cleaners = {"status": clean_status, "restoration_progress": clean_progress, "designations": clean_designations}
    if field not in cleaners:
        raise RecordError("field", f"'{field}' cannot be observed; one of {', '.join(OBSERVED_FIELDS)}")
    cleaned = cleaners[field](value)
    return list(cleaned) if isinstance(cleaned, tuple) else cleaned


# Characters no stored text may hold: PostgreSQL refuses NUL outright (the whole write failed as
# "not answering"), and the other controls (ESC, ...) would act on a terminal that prints them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOTE_LIMIT, AUTHOR_LIMIT = 2000, 200


def _stored_text(field: str, value: str | None, limit: int) -> str | None:
    if value is not None and _CONTROLS.search(value):
        raise RecordError(field, "contains control characters (such as NUL or ESC); plain text only")
    if value is not None and len(value) > limit:
        raise RecordError(field, f"{len(value):,} characters is longer than {limit:,}")
    return value


def checked_row(observation: NewObservation) -> dict:
    """The row the store writes for `observation`, after every rule the store applies.

    RecordError names the field. Whatever prepares observations (the Edit page, a change file's
    report, the command line) calls this too, so what it accepts is what the store records.
    """
    value = None if observation.field == "withdrawal" else clean_value(observation.field, observation.value)
    source = _stored_text("source", clean_text("source", observation.source), TEXT_LIMITS["source"])
    source_url = clean_url("source_url", observation.source_url)
    if not source:
        raise RecordError("source", "is required (an inspection report, a decision, an image, a press release)")
    if observation.observed is not None and observation.observed > dt.date.today():
        raise RecordError("observed", f"{observation.observed} is in the future")
    if not observation.author:
        raise RecordError("author", "is required")
    _stored_text("id", observation.site_id, TEXT_LIMITS["id"])
    return {
        "site_id": observation.site_id,
        "field": observation.field,
        "value": None if value is None else json.dumps(value),
        "observed": observation.observed,
        "source": source,
        "source_url": source_url,
        "author": _stored_text("author", observation.author, 10**6)[:AUTHOR_LIMIT],
        "recorded_at": dt.datetime.now(dt.UTC),
        "withdraws": observation.withdraws,
        "note": (observation.note or None) and _stored_text("note", observation.note, 10**6)[:NOTE_LIMIT],
        "period_from": observation.period_from,
        "period_to": observation.period_to,
        "statement": observation.statement,
    }


def database_url() -> str:
    return os.environ.get("HERITAGE_DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE}"


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30, "uri": "uri=true" in url})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin:
            # otherwise savepoints and the rollback of a failed write do not hold.
            connection.isolation_level = None
            connection.execute("PRAGMA foreign_keys = ON")
            _write_ahead_log(connection)

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A write takes the lock at once, so two editors queue instead of deadlocking.
            immediate = connection.get_execution_options().get("write")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # A server that stops answering fails a page in seconds, not after the system's TCP timeout.
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _write_ahead_log(connection, patience: float = 30.0) -> None:
    """Switch a SQLite file to write-ahead logging (readers never wait for a writer).

    The mode stays with the file, so an opened store only reads it. Switching a new file
    needs it alone, and SQLite answers "database is locked" at once, without waiting, when
    another process is opening the same new file (copies started together): try again
    for up to `patience` seconds.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _alembic_config():
    from alembic.config import Config  # imported only when the schema must change: see upgrade()

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def latest_revisions() -> set[str] | None:
    """The migrations' heads, read from the files' `revision` / `down_revision` lines.

    Importing Alembic costs every start 0.3 s of CPU, though a store already at the latest
    migration (the usual start) needs nothing from it. None when a file cannot be read
    this simply: then Alembic itself is asked.
    """
    revisions, parents = set(), set()
    for file in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = {}
        try:
            for node in ast.parse(file.read_text(encoding="utf-8")).body:
                target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
                target = node.target if isinstance(node, ast.AnnAssign) else target
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value:
                    values[target.id] = ast.literal_eval(node.value)
        except (OSError, SyntaxError, ValueError):
            return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else down or ())
    return revisions - parents or None


def _current_revisions(connection: sa.Connection) -> set[str]:
    """What the database says it is at (Alembic's own table); nothing for a new database."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))


def upgrade(engine: sa.Engine) -> None:
    """Create or upgrade the schema to the latest migration, one process at a time.

    Copies of the dashboard started together would otherwise all create the same tables
    (SQLite: "database is locked"; PostgreSQL: a unique violation in its catalogue). The
    schema is checked without a lock first, so a store already at the latest migration
    (the usual start, and a read-only store) costs one read, and no import of Alembic.
    """
    latest = latest_revisions()
    if latest is not None:
        with engine.connect() as connection:
            if _current_revisions(connection) == latest:
                return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as connection:
        if set(MigrationContext.configure(connection).get_current_heads()) == heads:
            return
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options()
            with connection.begin():
                # Held until this transaction ends; the next process then finds the schema done.
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        else:
            connection = connection.execution_options(write=True)  # BEGIN IMMEDIATE: waits for the others
            with _foreign_keys_off(connection), connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                _check_foreign_keys(connection)


@contextlib.contextmanager
def _foreign_keys_off(connection: sa.Connection) -> Iterator[None]:
    """SQLite: foreign keys off while migrating (set outside a transaction, where SQLite allows it).

    A migration in Alembic's "batch" mode copies a table and drops the old one; with the keys
    on, SQLite refuses the drop as soon as one row points into the table (a withdrawal does).
    The keys are checked once the migration is done (`_check_foreign_keys`), and on again after.
    """
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(connection: sa.Connection) -> None:
    """A migration that left a row pointing nowhere is undone (its transaction rolls back)."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise sa.exc.IntegrityError("PRAGMA foreign_key_check", None, Exception(f"{len(broken)} rows point nowhere"))


def _review_states(frame: pd.DataFrame) -> list[str | None]:
    """Per observation: None when it never needed review, else "proposed", "approved" or "rejected"."""
    decisions = {}
    for target, value in zip(frame["reviews"], frame["value"]):
        if target is not None and not pd.isna(target):
            decisions.setdefault(int(target), value)
    return [
        (decisions.get(int(i), "proposed") if proposed is True or proposed == 1 else None)
        for i, proposed in zip(frame["id"], frame["proposed"])
    ]


class Store:
    def __init__(self, url: str | None = None, review: bool | None = None):
        self.url = url or database_url()
        # Observations recorded through this store are proposals when review is required.
        self.review = review_required() if review is None else review
        self.engine = _engine(self.url)
        with _unavailable_as_store_error(CANNOT_READ):
            upgrade(self.engine)

    def writable(self) -> bool:
        """Whether a write would be accepted now: a write transaction that changes nothing.

        A read-only database or server refuses it; a full disk shows only when a real write
        fails, and that failure is a StoreError too.
        """
        try:
            with self._writing() as connection:
                connection.execute(site_revisions.delete().where(sa.false()))
                if connection.dialect.name == "postgresql" and connection.scalar(
                    sa.text("SELECT current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery()")
                ):
                    return False
        except StoreError:
            return False
        return True

    # --- reading -------------------------------------------------------------------
    def version(self) -> tuple[int, int]:
        """Changes whenever anything is written: the cache key of the current state."""
        with self._reading() as connection:
            last_observation = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(observations.c.id), 0)))
            last_version = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(base_versions.c.id), 0)))
        return int(last_observation), int(last_version)

    def revisions(self, site_ids: Iterable[str]) -> dict[str, int]:
        ids = list(site_ids)
        with self._reading() as connection:
            rows = connection.execute(
                sa.select(site_revisions.c.site_id, site_revisions.c.revision).where(site_revisions.c.site_id.in_(ids))
            )
            found = dict(rows.all())
        return {site_id: int(found.get(site_id, 0)) for site_id in ids}

    def observations(self, site_id: str | None = None) -> pd.DataFrame:
        """All observations (or one site's), oldest first, with `withdrawn` marked."""
        query = sa.select(observations).order_by(observations.c.id)
        if site_id is not None:
            query = query.where(observations.c.site_id == site_id)
        with self._reading() as connection:
            frame = pd.DataFrame(connection.execute(query).mappings().all(), columns=[c.name for c in observations.c])
        frame["value"] = frame["value"].map(lambda v: json.loads(v) if isinstance(v, str) else None).astype(object)
        for column in ("source_url", "note", "observed", "period_from", "period_to", "statement", "reviews"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        withdrawn = set(frame["withdraws"].dropna().astype(int))
        frame["withdrawn"] = frame["id"].isin(withdrawn)
        frame["review"] = _review_states(frame)
        return frame

    def base_features(self) -> list[dict]:
        """Imported records, the newest version of each site; applied over the shipped file."""
        latest = sa.select(sa.func.max(base_records.c.id)).group_by(base_records.c.site_id)
        query = sa.select(base_records.c.feature).where(base_records.c.id.in_(latest)).order_by(base_records.c.id)
        with self._reading() as connection:
            return [json.loads(feature) for feature in connection.scalars(query)]

    def versions(self) -> pd.DataFrame:
        with self._reading() as connection:
            rows = connection.execute(sa.select(base_versions).order_by(base_versions.c.id.desc())).mappings().all()
        return pd.DataFrame(rows, columns=[c.name for c in base_versions.c])

    # --- writing -------------------------------------------------------------------
    def record(self, new: list[NewObservation], expected: dict[str, int]) -> list[int]:
        """Store observations in one transaction; all or nothing.

        `expected` holds the revision of each site as the editor saw it. If any site moved
        on since, nothing is written and Conflict names the sites.
        """
        # One submission, one moment: its observations share recorded_at, which is how a
        # withdrawal finds them all again (submission()).
        now = dt.datetime.now(dt.UTC)
        rows = [self._row(observation, now) for observation in new]
        for row in rows:  # a second person must approve it before it counts
            row["proposed"] = True if self.review and row["field"] in OBSERVED_FIELDS else None
        with self._writing(changes_data=True) as connection:
            stale = [
                site_id
                for site_id in sorted({r["site_id"] for r in rows})
                if not self._bump(connection, site_id, expected.get(site_id, 0))
            ]
            if stale:
                raise Conflict(stale)
            ids = [int(connection.execute(observations.insert().values(**row)).inserted_primary_key[0]) for row in rows]
            for observation_id, observation in zip(ids, new):
                self._store_evidence(connection, observation_id, observation.evidence, observation.author)
            return ids

    @staticmethod
    def _store_evidence(connection: sa.Connection, observation_id: int, files: Iterable, author: str) -> None:
        """Files already cleaned by heritage.evidence; stored in the observation's transaction."""
        for file in files:
            connection.execute(
                evidence.insert().values(
                    observation_id=observation_id,
                    kind=file.kind,
                    name=file.name[:200],
                    size=len(file.data),
                    sha256=file.sha256,
                    width=file.width,
                    height=file.height,
                    data=file.data,
                    thumbnail=file.thumbnail,
                    author=author[:200],
                    created_at=dt.datetime.now(dt.UTC),
                )  # fmt: skip
            )

    # --- review --------------------------------------------------------------------
    def review_observation(self, observation_id: int, reviewer: str, decision: str, reason: str = "") -> int:
        """Approve or reject a proposal, as a new observation that says so; its id.

        Nobody decides their own proposal, and a proposal is decided once. The checks run
        inside the write transaction (the proposal's row locked on PostgreSQL; SQLite's
        write lock on the whole file), so two reviewers at once cannot both decide it.
        """
        if decision not in REVIEW_DECISIONS:
            raise StoreError(f"decision: '{decision}' is not one of {', '.join(REVIEW_DECISIONS)}")
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise StoreError("reviewer: is required")
        reason = " ".join((reason or "").split())
        if decision == "rejected" and not reason:
            raise StoreError("reason: a rejection needs a reason")
        with self._writing(changes_data=True) as connection:
            query = sa.select(observations).where(observations.c.id == observation_id)
            if connection.dialect.name == "postgresql":
                query = query.with_for_update()
            target = connection.execute(query).mappings().first()
            if target is None or not target["proposed"]:
                raise StoreError(f"There is no proposal {observation_id}.")
            if target["author"].strip().lower() == reviewer.lower():
                raise StoreError(f"Proposal {observation_id} is {reviewer}'s own: another person must review it.")
            if connection.scalar(sa.select(observations.c.id).where(observations.c.reviews == observation_id)):
                raise StoreError(f"Proposal {observation_id} has been reviewed already.")
            if connection.scalar(sa.select(observations.c.id).where(observations.c.withdraws == observation_id)):
                raise StoreError(f"Proposal {observation_id} has been withdrawn.")
            row = {
                "site_id": target["site_id"], "field": "review", "value": json.dumps(decision),
                "observed": dt.date.today(), "source": reason or decision, "author": reviewer[:200],
                "recorded_at": dt.datetime.now(dt.UTC), "reviews": observation_id,
            }  # fmt: skip
            review_id = int(connection.execute(observations.insert().values(**row)).inserted_primary_key[0])
            self._touch(connection, target["site_id"])  # an editor who opened the site is told
        return review_id

    def proposals(self) -> pd.DataFrame:
        """Proposals waiting for a review, oldest first."""
        frame = self.observations()
        waiting = frame[(frame["review"] == "proposed") & ~frame["withdrawn"]]
        return waiting.sort_values("id")

    # --- evidence ------------------------------------------------------------------
    def evidence_list(self, observation_ids: Iterable[int]) -> pd.DataFrame:
        """The files of these observations, without their bytes (thumbnails included)."""
        ids = [int(i) for i in observation_ids]
        columns = [c for c in evidence.c if c.name != "data"]
        with self._reading() as connection:
            rows = (
                connection.execute(
                    sa.select(*columns).where(evidence.c.observation_id.in_(ids)).order_by(evidence.c.id)
                )
                .mappings()
                .all()
            )
        return pd.DataFrame(rows, columns=[c.name for c in columns])

    def evidence_file(self, evidence_id: int) -> dict | None:
        """One stored file with its bytes and the review state of its observation; None if unknown."""
        with self._reading() as connection:
            row = connection.execute(sa.select(evidence).where(evidence.c.id == evidence_id)).mappings().first()
            if row is None:
                return None
            observation = connection.execute(
                sa.select(observations.c.proposed).where(observations.c.id == row["observation_id"])
            ).first()
            approved = connection.scalar(
                sa.select(observations.c.value).where(observations.c.reviews == row["observation_id"])
            )
        file = dict(row)
        file["counts"] = not observation.proposed or approved == json.dumps("approved")
        return file

    # --- audit ---------------------------------------------------------------------
    def audit(self, who: str, action: str, detail: str = "", copy: str = "") -> None:
        """Append one line to the audit trail (heritage.audit.record is the caller's door)."""
        with self._writing() as connection:
            connection.execute(
                audit.insert().values(
                    at=dt.datetime.now(dt.UTC),
                    who=(who or "?")[:200],
                    action=action[:40],
                    detail=(detail or "")[:4000] or None,
                    copy=copy[:300],
                )  # fmt: skip
            )

    def audit_trail(self, since: dt.datetime | None = None, limit: int | None = None) -> pd.DataFrame:
        """The audit trail, newest first."""
        query = sa.select(audit).order_by(audit.c.id.desc())
        if since is not None:
            query = query.where(audit.c.at >= since)
        if limit:
            query = query.limit(limit)
        with self._reading() as connection:
            rows = connection.execute(query).mappings().all()
        return pd.DataFrame(rows, columns=[c.name for c in audit.c])

    def load_statements(self, new: list[NewObservation]) -> int:
        """Store shipped statement observations that are not stored yet; the number added.

        Idempotent and safe when several processes start at once: each observation carries
        a unique `statement` key and is inserted with ON CONFLICT DO NOTHING inside one write
        transaction, so a key already present (or being stored by another process) is skipped.
        The revision of each site that gained an observation moves on, so an editor who
        opened it before is told of the change.
        """
        rows = [self._row(observation) for observation in new]
        if any(not row["statement"] for row in rows):
            raise StoreError("statement: every shipped observation needs its statement key")
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        added: set[str] = set()
        count = 0
        with self._writing(changes_data=True) as connection:
            for row in rows:
                statement = insert(observations).values(**row).on_conflict_do_nothing().returning(observations.c.id)
                if connection.execute(statement).first() is not None:  # None: the key was there already
                    count += 1
                    added.add(row["site_id"])
            for site_id in sorted(added):
                self._touch(connection, site_id)
        return count

    def withdraw_statements(self, keep: set[str], author: str, reason: str) -> int:
        """Withdraw `author`'s standing statement observations whose key is not in `keep`; the number withdrawn.

        A shipped build that no longer holds a key (a statement read again ships under a new
        key) says so by a withdrawal with `reason`; nothing is edited or deleted. Each
        withdrawal carries the key `withdrawal:<key>`, unique in the store, so a second start,
        or several processes starting at once, withdraw each observation exactly once.
        """
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        withdrawn = sa.select(observations.c.withdraws).where(observations.c.withdraws.is_not(None))
        query = sa.select(observations.c.id, observations.c.site_id, observations.c.statement).where(
            observations.c.author == author,
            observations.c.statement.is_not(None),
            observations.c.field != "withdrawal",
            observations.c.id.not_in(withdrawn),
        )
        count = 0
        with self._writing(changes_data=True) as connection:
            for target in connection.execute(query.order_by(observations.c.id)).all():
                if target.statement in keep:
                    continue
                withdrawal = NewObservation(
                    site_id=target.site_id, field="withdrawal", value=None, observed=dt.date.today(), source=reason,
                    author=author, withdraws=target.id, statement=f"withdrawal:{target.statement}"[:200],
                )  # fmt: skip
                row = insert(observations).values(**self._row(withdrawal)).on_conflict_do_nothing()
                if connection.execute(row.returning(observations.c.id)).first() is not None:
                    count += 1
                    self._touch(connection, target.site_id)
        return count

    def submission(self, observation_id: int) -> list[int]:
        """The observations of one site recorded with this one in the same submission, oldest first.

        An editor's one form (a status and a progress from one report) is one submission: it was
        right or wrong as a whole. Withdrawn one by one, a site was left half-withdrawn, showing
        "unknown" with the wrong report's progress and that report as its source.
        """
        with self._reading() as connection:
            target = (
                connection.execute(sa.select(observations).where(observations.c.id == observation_id))
                .mappings()
                .first()
            )
            if target is None:
                raise StoreError(f"There is no observation {observation_id}.")
            if target["withdraws"] is not None or target["statement"] is not None:
                return [observation_id]  # a withdrawal, or a shipped statement: each stands alone
            same = [
                observations.c.site_id == target["site_id"],
                observations.c.recorded_at == target["recorded_at"],
                observations.c.author == target["author"],
                observations.c.source == target["source"],
                observations.c.withdraws.is_(None),
                observations.c.field.in_(OBSERVED_FIELDS),
            ]
            ids = connection.scalars(sa.select(observations.c.id).where(*same).order_by(observations.c.id)).all()
        return sorted(set(ids) | {observation_id})

    def withdraw(self, observation_id: int, reason: str, author: str, expected: dict[str, int]) -> int:
        """Withdraw a mistaken observation, and the rest of its submission, with new ones that say so.

        Nothing is deleted; the withdrawals are written together (all or nothing). Returns the id
        of the first withdrawal.
        """
        together = self.submission(observation_id)
        withdrawn = set(self.observations_withdrawn(together))
        with self._reading() as connection:
            site_id = connection.scalar(sa.select(observations.c.site_id).where(observations.c.id == observation_id))
        withdrawals = [
            NewObservation(
                site_id=site_id, field="withdrawal", value=None, observed=dt.date.today(),
                source=reason, author=author, withdraws=target,
            )  # fmt: skip
            for target in together
            if target == observation_id or target not in withdrawn
        ]
        return self.record(withdrawals, expected)[0]

    def observations_withdrawn(self, observation_ids: list[int]) -> list[int]:
        """Which of these observations a withdrawal already names."""
        with self._reading() as connection:
            query = sa.select(observations.c.withdraws).where(observations.c.withdraws.in_(observation_ids))
            return sorted(set(connection.scalars(query).all()))

    def import_version(self, features: list[dict], author: str, file_name: str, counts: dict[str, int]) -> int:
        """Store validated records as a new version of the base data, in one transaction."""
        with self._writing(changes_data=True) as connection:
            version_id = connection.execute(
                base_versions.insert().values(
                    created_at=dt.datetime.now(dt.UTC),
                    author=author,
                    file_name=file_name[:300],
                    added=counts["added"],
                    changed=counts["changed"],
                    unchanged=counts["unchanged"],
                )  # fmt: skip
            ).inserted_primary_key[0]
            connection.execute(
                base_records.insert(),
                [
                    {
                        "version_id": version_id,
                        "site_id": f["properties"]["id"],
                        "feature": json.dumps(f, ensure_ascii=False),
                    }
                    for f in features
                ],
            )
        return int(version_id)

    def record_latest(self, new: list[NewObservation], attempts: int = 50) -> list[int]:
        """Store observations against each site's latest revision (the command line's rule).

        An observation is a dated, sourced statement that overwrites nothing, so one written
        from a script still stands when someone else wrote first: on a conflict the current
        revisions are read again and the same observations recorded, up to `attempts` times.
        """
        site_ids = sorted({observation.site_id for observation in new})
        for _ in range(attempts - 1):
            try:
                return self.record(new, self.revisions(site_ids))
            except Conflict:
                continue
        return self.record(new, self.revisions(site_ids))

    # --- scenes --------------------------------------------------------------------
    def scenes(self) -> list[Scene]:
        """The presenter's scenes in the order they were saved."""
        with self._reading() as connection:
            rows = connection.execute(sa.select(scenes.c.id, scenes.c.name, scenes.c.params).order_by(scenes.c.id))
            return [Scene(int(row.id), row.name, params_from_json(row.params)) for row in rows]

    def add_scene(self, name: str, params: dict[str, list[str]], author: str) -> int:
        """Append a scene (name and parameters already cleaned by heritage.scenes); its id."""
        with self._writing() as connection:
            if connection.dialect.name == "postgresql":  # count and insert as one step
                connection.execute(sa.text("LOCK TABLE scenes IN SHARE ROW EXCLUSIVE MODE"))
            if connection.scalar(sa.select(sa.func.count()).select_from(scenes)) >= MAX_SCENES:
                raise SceneRefused(f"There are already {MAX_SCENES} scenes; remove one first.")
            row = {"name": name, "params": params_json(params), "author": author[:200],
                   "created_at": dt.datetime.now(dt.UTC)}  # fmt: skip
            return int(connection.execute(scenes.insert().values(**row)).inserted_primary_key[0])

    def remove_scene(self, scene_id: int) -> None:
        """Remove one scene by its id (not its position, which another removal may shift)."""
        with self._writing() as connection:
            connection.execute(scenes.delete().where(scenes.c.id == scene_id))

    # --- transactions --------------------------------------------------------------
    @contextlib.contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        with _unavailable_as_store_error(CANNOT_READ), self.engine.connect() as connection:
            yield connection

    @contextlib.contextmanager
    def _writing(self, changes_data: bool = False) -> Iterator[sa.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        `changes_data`: the sites' data moves on (the data version), so every open page, on
        every copy, is told at once (announce, watch_data) rather than at its reader's next poll.
        """
        with _unavailable_as_store_error(CANNOT_WRITE), self.engine.connect() as connection:
            connection = connection.execution_options(write=True)
            with connection.begin():
                yield connection
                if changes_data:
                    announce(connection, DATA_CHANGED)
        if changes_data:
            for wake in list(_data_watchers):
                try:
                    wake()
                except Exception:  # the write stands: a reader not woken looks at its next poll
                    LOG.exception("A live reader could not be woken after a write.")

    def _row(self, observation: NewObservation, recorded_at: dt.datetime | None = None) -> dict:
        try:
            row = checked_row(observation)
        except RecordError as error:
            raise StoreError(f"{error.field}: {error.message}") from None
        row["recorded_at"] = recorded_at or row["recorded_at"]
        return row

    @staticmethod
    def _touch(connection: sa.Connection, site_id: str) -> None:
        """Move a site's revision on, whatever it was (a write that is not an editor's)."""
        moved = connection.execute(
            site_revisions.update()
            .where(site_revisions.c.site_id == site_id)
            .values(revision=site_revisions.c.revision + 1)
        )
        if moved.rowcount:
            return
        try:
            with connection.begin_nested():
                connection.execute(site_revisions.insert().values(site_id=site_id, revision=1))
        except sa.exc.IntegrityError:  # created at the same moment by another writer
            connection.execute(
                site_revisions.update()
                .where(site_revisions.c.site_id == site_id)
                .values(revision=site_revisions.c.revision + 1)
            )

    @staticmethod
    def _bump(connection: sa.Connection, site_id: str, expected: int) -> bool:
        """Move the site's revision from `expected` to the next; False if it had moved already."""
        if expected == 0:
            exists = connection.scalar(sa.select(site_revisions.c.revision).where(site_revisions.c.site_id == site_id))
            if exists is not None:
                return False
            try:
                with connection.begin_nested():
                    connection.execute(site_revisions.insert().values(site_id=site_id, revision=1))
            except sa.exc.IntegrityError:
                return False  # another editor created it at the same moment
            return True
        result = connection.execute(
            site_revisions.update()
            .where(site_revisions.c.site_id == site_id, site_revisions.c.revision == expected)
            .values(revision=expected + 1)
        )
        return result.rowcount == 1
