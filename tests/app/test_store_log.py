"""A store that does not answer is logged once per change of state, naming no host or password (F17)."""

from __future__ import annotations

import logging

from heritage import current
from heritage.store import StoreHealth
from heritage.ui import data

REFUSED = "postgresql://heritage:s3cret-pw@127.0.0.1:1/heritage_db"  # port 1: refused at once


def _store_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "observation store" in r.getMessage()]


def test_a_failing_store_is_logged_once_with_its_cause_and_no_host_then_its_return(monkeypatch, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="heritage.store")
    monkeypatch.setattr(data, "STORE_HEALTH", StoreHealth())
    monkeypatch.setenv("HERITAGE_DATABASE_URL", REFUSED)
    assert data.store() is None
    assert data.store() is None
    assert data.store() is None
    lines = _store_lines(caplog)
    assert lines == [
        "The observation store is not answering: OperationalError: connection failed: "
        "connection to server at <...>, port 1 failed: Connection refused"
    ]
    for secret in ("127.0.0.1", "s3cret-pw", "heritage_db", "heritage:"):
        assert secret not in caplog.text
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'back.sqlite'}")
    assert data.store() is not None
    assert data.store() is not None
    assert _store_lines(caplog)[1:] == ["The observation store answers again."]


def test_a_file_that_is_not_a_database_is_logged_with_its_class_and_no_path(monkeypatch, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="heritage.store")
    monkeypatch.setattr(data, "STORE_HEALTH", StoreHealth())
    (tmp_path / "not-a-database").write_text("this is not SQLite", encoding="utf-8")
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-database'}")
    assert data.store() is None and data.store() is None
    assert _store_lines(caplog) == ["The observation store is not answering: DatabaseError: file is not a database"]
    assert str(tmp_path) not in caplog.text


def test_the_routes_log_a_failing_store_once_too(monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="heritage.store")
    monkeypatch.setattr(current, "STORE_HEALTH", StoreHealth())
    monkeypatch.setenv("HERITAGE_DATABASE_URL", REFUSED)
    assert current._version(current._store()) is None
    assert current._version(current._store()) is None
    assert _store_lines(caplog) == [
        "The observation store is not answering: OperationalError: connection failed: "
        "connection to server at <...>, port 1 failed: Connection refused"
    ]
