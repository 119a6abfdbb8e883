"""The store's tests run against SQLite and against a real PostgreSQL server.

`make test` starts PostgreSQL (scripts/with_postgres.sh) and sets HERITAGE_TEST_DATABASE_URL;
without it the PostgreSQL half is skipped, unless HERITAGE_REQUIRE_POSTGRES says it must run.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from heritage.store import Store


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine("postgresql+psycopg://" + url.removeprefix("postgresql://"))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    url = os.environ.get("HERITAGE_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("HERITAGE_REQUIRE_POSTGRES"):
            pytest.fail("HERITAGE_TEST_DATABASE_URL is not set but PostgreSQL is required")
        pytest.skip("no PostgreSQL server: run through `make test` (scripts/with_postgres.sh)")
    _reset_postgres(url)
    return url


@pytest.fixture
def store(store_url):
    opened = Store(store_url)
    yield opened
    opened.engine.dispose()
