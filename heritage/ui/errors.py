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
from contextvars import ContextVar
from typing import NoReturn

import streamlit as st

LOG = logging.getLogger("heritage.ui")
_guarded: ContextVar[bool] = ContextVar("heritage_page_guarded", default=False)  # inside page_errors?


def failure_sentence(what: str) -> str:
    """The one sentence a viewer reads; it names no file, host or exception."""
    from heritage.ui.language import current_translator  # here: errors.py is imported before any page

    t = current_translator()
    return t.gettext(
        "{what} could not be shown completely: something unexpected went wrong on the server, "
        "and it has been written to the server log. Reload the page, or open the Map page to start again."
    ).format(what=t.gettext(what))


class PageEnd(Exception):
    """Raised by `end_page`: the page has shown all it has to show."""


def end_page() -> NoReturn:
    """End the page here, as st.stop() would, but let Streamlit finish the run normally.

    st.stop() aborts the run, and Streamlit then skips its end-of-run bookkeeping: the
    fragments of the page the viewer just left (the map and its timer) stay registered. A
    late report from that map, or the timer, then reruns them into this page's layout and
    the browser shows a blank page ("Cannot set a node at a delta path"). Pages therefore
    end with this, which `page_errors` takes as the page's normal end. A page run on its own,
    outside that guard (AppTest's switch_page runs the file alone), stops as st.stop() does.
    """
    if _guarded.get():
        raise PageEnd
    st.stop()
    raise AssertionError("st.stop() returned")  # it raises; this line tells the type checker


@contextmanager
def page_errors(what: str) -> Iterator[None]:
    """Run a page (or part of one), turning any exception into one sentence on the page.

    `end_page()` is a normal end. st.rerun() and st.switch_page() raise BaseException
    subclasses, which pass through untouched.
    """
    token = _guarded.set(True)
    try:
        yield
    except PageEnd:
        return
    except Exception:
        LOG.exception("%s failed", what)
        st.error(failure_sentence(what), icon=":material/error:")
    finally:
        _guarded.reset(token)


def guarded(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """page_errors as a decorator, for a fragment: `@st.fragment` over `@guarded("The map")`."""

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args, **kwargs) -> None:
            with page_errors(what):
                function(*args, **kwargs)

        return run

    return decorate
