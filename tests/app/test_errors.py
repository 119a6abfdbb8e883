"""An unexpected error on a page is one sentence: no traceback, no path, no host."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from heritage.ui.errors import failure_sentence
from tests.app.hostile import assert_clean, page_text

ROOT = Path(__file__).resolve().parents[2]


def _failing_page() -> None:
    import streamlit as st

    from heritage.ui.errors import page_errors

    st.title("Before")
    with page_errors("The test page"):
        raise RuntimeError("connection to db.internal:5432 failed, see /srv/heritage/store.py")


def _stopping_page() -> None:
    import streamlit as st

    from heritage.ui.errors import page_errors

    with page_errors("The test page"):
        st.caption("drawn")
        st.stop()
    st.caption("never drawn")


def test_an_unexpected_error_is_one_sentence():
    app = AppTest.from_function(_failing_page).run()
    assert not app.exception
    assert [e.value for e in app.error] == [failure_sentence("The test page")]
    assert app.title[0].value == "Before"
    text = page_text(app)
    assert "db.internal" not in text and "/srv/" not in text and "RuntimeError" not in text


def test_stop_passes_through_the_guard():
    app = AppTest.from_function(_stopping_page).run()
    assert [c.value for c in app.caption] == ["drawn"]
    assert not app.error
    assert_clean(app)


def test_the_server_never_sends_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def _ending_page():
    import streamlit as st

    from heritage.ui.errors import end_page, page_errors

    with page_errors("The test page"):
        st.caption("drawn")
        end_page()
        st.caption("never drawn")
    st.caption("after the page")


def test_a_page_ended_early_finishes_its_run_normally():
    """end_page() inside the guard ends the page, not the run: Streamlit's end-of-run work still happens."""
    app = AppTest.from_function(_ending_page).run()
    assert [c.value for c in app.caption] == ["drawn", "after the page"]
    assert not app.error
    assert_clean(app)
