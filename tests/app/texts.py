"""Everything an AppTest run put on the page, as one string, to search for what must never appear."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

TRACEBACK_SIGNS = ("Traceback", 'File "', "OperationalError", "psycopg", "sqlalchemy", "sqlite3")


def page_text(app: AppTest) -> str:
    """The protobuf text of every element: labels, values, messages and any exception's stack."""
    return "\n".join(str(node.proto) for node in app._tree if getattr(node, "proto", None) is not None)


def assert_no_traceback(app: AppTest, *secrets: str) -> None:
    assert not app.exception, app.exception
    text = page_text(app)
    for sign in (*TRACEBACK_SIGNS, *secrets):
        assert sign not in text, f"{sign!r} is on the page"
