"""PostgreSQL taken offline after the start: every page still shows the base data, then recovers.

The server is the test's own (scripts/with_postgres.sh); connections to its database are
refused with `ALTER DATABASE ... ALLOW_CONNECTIONS false` and the open ones ended, as when
a database administrator takes it offline.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from heritage.store import CANNOT_READ, NewObservation, Store
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.app.texts import assert_no_traceback
from tests.store.conftest import _reset_postgres

PAGES = ["pages/map.py", "pages/table.py", "pages/progress.py", "pages/site.py", "pages/about.py", "pages/editors.py"]


@pytest.fixture
def postgres_url(monkeypatch, synthetic_file):
    url = os.environ.get("HERITAGE_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("HERITAGE_REQUIRE_POSTGRES"):
            pytest.fail("HERITAGE_TEST_DATABASE_URL is not set but PostgreSQL is required")
        pytest.skip("no PostgreSQL server: run through scripts/with_postgres.sh")
    _reset_postgres(url)
    monkeypatch.setenv("HERITAGE_DATABASE_URL", url)
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    yield url
    _allow_connections(url, True)


def _allow_connections(url: str, allowed: bool) -> None:
    """As an administrator would, from the server's `postgres` database."""
    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    admin = sa.create_engine("postgresql+psycopg://" + parts.netloc + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"), {"d": database}
            )
    admin.dispose()


def _open(page: str, editor: bool = False) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    if editor:
        app.session_state["editor"] = "aysel"
    app.query_params["site"] = "syn-6"
    app.run()
    if page != "pages/map.py":
        app.switch_page(page).run()
    return app


def _warnings(app: AppTest) -> list[str]:
    return [w.value for w in app.warning]


def test_every_page_shows_the_base_data_while_the_store_is_offline_and_recovers(postgres_url):
    Store(postgres_url).record(
        [NewObservation("syn-6", "status", "under_restoration", dt.date(2025, 5, 1), "Report 7", "aysel")], {}
    )
    site = _open("pages/site.py")
    assert_no_traceback(site)
    assert CANNOT_READ not in _warnings(site)
    assert any("Under restoration" in m.value for m in site.markdown)

    _allow_connections(postgres_url, False)
    parts = urlsplit(postgres_url)
    secrets = (parts.hostname, str(parts.port), parts.path.lstrip("/"))
    for page in PAGES:
        app = _open(page)
        assert_no_traceback(app, *secrets)
        assert page == "pages/editors.py" or _warnings(app) == [CANNOT_READ], page  # sign-in needs no store
    site = _open("pages/site.py")
    assert not any("Under restoration" in m.value for m in site.markdown)  # the base record: unknown
    assert any("Unknown" in m.value for m in site.markdown)
    map_page = _open("pages/map.py")
    assert any("300" in m.value for m in [*map_page.markdown, *map_page.caption])
    for page in ("pages/edit.py", "pages/import.py"):  # editing is off, said in a sentence
        edit = _open(page, editor=True)
        assert_no_traceback(edit, *secrets)
        assert "needs a signed-in editor and a reachable store" in edit.error[0].value

    _allow_connections(postgres_url, True)
    site = _open("pages/site.py")
    assert_no_traceback(site)
    assert CANNOT_READ not in _warnings(site)
    assert any("Under restoration" in m.value for m in site.markdown)
