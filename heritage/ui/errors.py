"""What a page says when something unexpected goes wrong: one sentence, never a traceback.

dashboard.py runs every page inside `page_errors`, and fragments (which rerun without the
entry point) use it too. The full error goes to the server log for the administrator;
the viewer reads what failed and what to do. `.streamlit/config.toml` sets
`client.showErrorDetails = "none"` for anything that still slips through.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

LOG = logging.getLogger("heritage.ui")


def failure_sentence(what: str) -> str:
    """The one sentence a viewer reads; it names no file, host or exception."""
    from heritage.ui.language import current_translator  # here: errors.py is imported before any page

    t = current_translator()
    return t.gettext(
        "{what} could not be shown completely: something unexpected went wrong on the server, "
        "and it has been written to the server log. Reload the page, or open the Map page to start again."
    ).format(what=t.gettext(what))


@contextmanager
def page_errors(what: str) -> Iterator[None]:
    """Run a page (or part of one), turning any exception into one sentence on the page.

    st.stop(), st.rerun() and st.switch_page() raise BaseException subclasses, which pass
    through untouched.
    """
    try:
        yield
    except Exception:
        LOG.exception("%s failed", what)
        st.error(failure_sentence(what), icon=":material/error:")


def guarded(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """page_errors as a decorator, for a fragment: `@st.fragment` over `@guarded("The map")`."""

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args, **kwargs) -> None:
            with page_errors(what):
                function(*args, **kwargs)

        return run

    return decorate
