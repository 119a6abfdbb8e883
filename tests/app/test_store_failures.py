"""Pages with a store that cannot be opened or cannot be written: a sentence, never a traceback."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from heritage.store import CANNOT_READ, CANNOT_WRITE, Store
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.app.texts import assert_no_traceback

VIEWER_PAGES = ["pages/map.py", "pages/table.py", "pages/progress.py", "pages/site.py", "pages/about.py"]


@pytest.fixture
def app_env(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")


def _open(page: str, editor: bool = False, params: dict | None = None) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    if editor:
        app.session_state["editor"] = "aysel"
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    if page != "pages/map.py":
        app.switch_page(page).run()
    return app


@pytest.mark.parametrize("page", [*VIEWER_PAGES, "pages/editors.py", "pages/edit.py", "pages/import.py"])
def test_every_page_with_a_store_that_cannot_be_opened(app_env, monkeypatch, tmp_path, page):
    (tmp_path / "not-a-database").write_text("this is not SQLite", encoding="utf-8")
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-database'}")
    app = _open(page, editor=page in ("pages/edit.py", "pages/import.py"), params={"site": "syn-6"})
    assert_no_traceback(app, str(tmp_path))
    if page in VIEWER_PAGES:
        assert [w.value for w in app.warning] == [CANNOT_READ]


@pytest.fixture
def read_only_store(app_env, monkeypatch, tmp_path):
    path = tmp_path / "store.sqlite"
    Store(f"sqlite:///{path}")
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")


def test_the_edit_page_says_a_read_only_store_cannot_be_written_before_trying(read_only_store):
    app = _open("pages/edit.py", editor=True)
    app.multiselect[0].set_value(["syn-6"]).run()
    assert_no_traceback(app)
    assert re.sub(r"\\(.)", r"\1", app.error[0].value) == CANNOT_WRITE  # shown as plain text: escaped Markdown
    assert app.button(key="FormSubmitter:observation-Record for 1 site").disabled


def test_the_import_page_says_a_read_only_store_cannot_be_written_before_trying(read_only_store):
    app = _open("pages/import.py", editor=True)
    assert_no_traceback(app)
    assert re.sub(r"\\(.)", r"\1", app.error[0].value) == CANNOT_WRITE  # shown as plain text: escaped Markdown


def test_a_write_that_fails_anyway_is_told_in_the_same_sentence(read_only_store, monkeypatch):
    monkeypatch.setattr(Store, "writable", lambda self: True)  # the check passed; the write then fails
    app = _open("pages/edit.py", editor=True)
    app.multiselect[0].set_value(["syn-6"]).run()
    app.radio[0].set_value("condition").run()
    app.selectbox[0].set_value("damaged")
    app.text_input(key="observation_source").input("Inspection report 2026/14")
    app.button(key="FormSubmitter:observation-Record for 1 site").click().run()
    assert_no_traceback(app)
    assert re.sub(r"\\(.)", r"\1", app.error[0].value) == CANNOT_WRITE  # shown as plain text: escaped Markdown
