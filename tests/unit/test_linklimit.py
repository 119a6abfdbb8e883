"""A link Streamlit drops as too long arrives as `link_too_long=1`, and the page says so."""

from __future__ import annotations

from streamlit.runtime import app_session
from streamlit.runtime.state import query_params

from heritage.links import parse
from heritage.ui import linklimit


def test_streamlit_still_drops_long_query_strings_where_the_adapter_wraps_it():
    """Fails when Streamlit renames, moves or changes the check the adapter wraps."""
    assert query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS == 1000
    assert query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH == 512 * 1024
    assert app_session.sanitize_query_string.__module__ == query_params.__name__ or getattr(
        app_session.sanitize_query_string, "_heritage_marks_long_links", False
    )
    assert query_params.sanitize_query_string("x=1&" * 1000) == ""


def test_a_dropped_query_string_becomes_the_mark():
    sanitize = linklimit.marking(query_params.sanitize_query_string)
    assert sanitize("status=damaged&view=40.4,49.8,9") == "status=damaged&view=40.4,49.8,9"
    assert sanitize("") == ""
    assert sanitize("x=1&" * 1000) == "link_too_long=1"  # 1,001 parameters
    assert sanitize("q=" + "a" * (512 * 1024)) == "link_too_long=1"


def test_install_wraps_once():
    original = app_session.sanitize_query_string
    try:
        linklimit.install()
        linklimit.install()
        assert app_session.sanitize_query_string("x=1&" * 1000) == "link_too_long=1"
    finally:
        app_session.sanitize_query_string = original


def test_the_mark_is_a_note_not_an_unknown_parameter():
    parsed = parse({"link_too_long": ["1"]})
    assert parsed.notes == [] and parsed.too_long
    assert not parse({"status": ["damaged"]}).too_long
