"""Backup and restore of the whole store in one portable file.

The file is a zip: `manifest.json` (format, schema revision, when, row counts) and one
`tables/NAME.jsonl` per table, a JSON object per row (dates as ISO text, bytes as base64).
Every table the store's schema knows is written (observations with proposals and reviews,
evidence files, imported versions, scenes, live sessions, the audit trail...), read in one
transaction so the snapshot is consistent while the dashboard keeps writing. Plain JSON
lines, so a file written from SQLite loads into PostgreSQL and back.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from heritage.store import Store, StoreError, latest_revisions, metadata

FORMAT = "heritage-backup"
FORMAT_VERSION = 1
BATCH = 500


class BackupError(StoreError):
    """A backup or restore that cannot be done; the message says why in one sentence."""


def tables() -> list[sa.Table]:
    """Every table, parents before children (a restore inserts in this order)."""
    return list(metadata.sorted_tables)


def _encode(column: sa.Column, value: object) -> object:
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode(column: sa.Column, value: object) -> object:
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


def _revision() -> str:
    return ",".join(sorted(latest_revisions() or ()))


def backup(store: Store, path: str | Path) -> dict[str, int]:
    """Write the snapshot to `path` (replaced only once complete); the rows per table."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    counts: dict[str, int] = {}
    try:
        with store.engine.connect() as connection:
            if connection.dialect.name == "postgresql":  # one snapshot for every table
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin(), zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for table in tables():
                    counts[table.name] = _write_table(connection, table, archive)
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION, "schema": _revision(),
                    "created_at": dt.datetime.now(dt.UTC).isoformat(), "source": store.engine.dialect.name,
                    "tables": counts,
                }  # fmt: skip
                archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        partial.replace(path)
    except sa.exc.SQLAlchemyError as error:
        partial.unlink(missing_ok=True)
        raise BackupError("The store could not be read for the backup; no file was written.") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{path.name} could not be written ({error.strerror}).") from None
    return counts


def _write_table(connection: sa.Connection, table: sa.Table, archive: zipfile.ZipFile) -> int:
    order = [column for column in table.primary_key.columns]
    rows = connection.execution_options(stream_results=True, yield_per=BATCH).execute(sa.select(table).order_by(*order))
    count = 0
    with archive.open(f"tables/{table.name}.jsonl", "w") as out:
        for row in rows.mappings():
            encoded = {column.name: _encode(column, row[column.name]) for column in table.columns}
            out.write(json.dumps(encoded, ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
    return count


def _manifest(archive: zipfile.ZipFile, name: str) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError(f"{name} is not a Heritage Map backup (no manifest).") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{name} is not a Heritage Map backup of format {FORMAT_VERSION}.")
    if manifest.get("schema") != _revision():
        raise BackupError(
            f"{name} was written by schema {manifest.get('schema')}, this version is at {_revision()}: "
            "restore it with the version that wrote it."
        )
    return manifest


def rows_in(store: Store) -> int:
    """How many rows the store holds in all its tables (0: an empty store)."""
    with store.engine.connect() as connection:
        return sum(connection.scalar(sa.select(sa.func.count()).select_from(table)) for table in tables())


def restore(store: Store, path: str | Path, force: bool = False) -> dict[str, int]:
    """Load a backup into `store`: refused unless the store is empty, or `force` (which empties it first)."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise BackupError(f"{path.name} cannot be read as a backup file.") from None
    with archive:
        manifest = _manifest(archive, path.name)
        if not force and rows_in(store):
            raise BackupError("The store is not empty; nothing was restored (--force replaces what it holds).")
        try:
            with store.engine.connect() as connection:
                connection = connection.execution_options(write=True)
                with connection.begin():
                    for table in reversed(tables()):
                        connection.execute(table.delete())
                    for table in tables():
                        _load_table(connection, table, archive)
                    if connection.dialect.name == "postgresql":
                        _reset_sequences(connection)
        except sa.exc.SQLAlchemyError as error:
            raise BackupError("The backup could not be written into the store; nothing was restored.") from error
    return dict(manifest["tables"])


def _lines(archive: zipfile.ZipFile, table: sa.Table) -> Iterator[dict]:
    try:
        source = archive.open(f"tables/{table.name}.jsonl")
    except KeyError:
        return  # a table added since the backup: left empty
    with source:
        for line in source:
            if line.strip():
                yield json.loads(line)


def _load_table(connection: sa.Connection, table: sa.Table, archive: zipfile.ZipFile) -> None:
    batch = []
    for row in _lines(archive, table):
        batch.append({column.name: _decode(column, row.get(column.name)) for column in table.columns})
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)


def _reset_sequences(connection: sa.Connection) -> None:
    """Ids were written as they were: PostgreSQL's counters must start after them."""
    for table in tables():
        column = table.c.get("id")
        if column is None or not isinstance(column.type, sa.Integer):
            continue
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
            )
        )
