"""Say when a link was too long to read: the one adapter over Streamlit's query-string limit.

Streamlit 1.67 drops a whole query string over 512 KiB or 1,000 parameters
(`streamlit.runtime.state.query_params.sanitize_query_string`, called by `AppSession` when a
browser's run request arrives) and the page then opens with its start view and no word why.
`install()` wraps that call so such a string arrives as `link_too_long=1` instead: the link
parser (heritage/links.py) turns it into a note. tests/unit/test_linklimit.py fails when
Streamlit moves or changes the function.
"""

from __future__ import annotations

from collections.abc import Callable

from streamlit.runtime import app_session

from heritage.links import TOO_LONG

_MARK = "_heritage_marks_long_links"


def marking(sanitize: Callable[[str], str]) -> Callable[[str], str]:
    """`sanitize`, except that a query string it drops becomes `link_too_long=1`."""

    def sanitize_and_mark(query_string: str) -> str:
        kept = sanitize(query_string)
        return kept if kept or not query_string else f"{TOO_LONG}=1"

    setattr(sanitize_and_mark, _MARK, True)
    return sanitize_and_mark


def install() -> None:
    """Wrap the check every browser run request goes through (once per process; idempotent)."""
    current = app_session.sanitize_query_string
    if not getattr(current, _MARK, False):
        app_session.sanitize_query_string = marking(current)
