"""The session's language: from the link, else the browser, else English; the sidebar switch.

The language lives in the session (heritage/ui/session.py), one per person, and every page asks
current_translator() for it. It goes into shared links (`lang=`) only when it was asked
for (in the link, or with the switch), so a link sent without one opens in the
recipient's own language.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from heritage import titles
from heritage.i18n import Translator, available_languages, language_name, negotiate, translator
from heritage.sources import data_path
from heritage.ui import session

SWITCH = "language_switch"
PARAM = "lang"


def _choose() -> None:
    requested = st.query_params.get(PARAM)
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    choice = negotiate(requested, header, st.context.locale, available_languages())
    session.language.set(choice.language)
    session.language_explicit.set(choice.explicit)


def current_translator() -> Translator:
    """The Translator of this session (chosen on its first run)."""
    if not session.language.is_set():
        _choose()
    return translator(session.language.get())


def link_language() -> str | None:
    """The language a shared link should name: only one the person chose."""
    current_translator()
    return session.language.get() if session.language_explicit.get() else None


def _switched() -> None:
    language = session.widget_value(SWITCH)
    session.language.set(language)
    session.language_explicit.set(True)
    st.query_params[PARAM] = language  # the rest of the URL (the view) is left as it is


def language_switch() -> None:
    """A select box at the top of the sidebar; each language is named in itself."""
    t = current_translator()
    session.set_widget_value(SWITCH, t.language)
    st.sidebar.selectbox(
        t.pgettext("language", "Language"),
        available_languages(),
        key=SWITCH,
        format_func=language_name,
        on_change=_switched,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _file_title(path: str, modified: float) -> titles.FileTitle | None:
    return titles.file_title(path)


def app_title() -> str:
    """The dashboard's title in this session's language (HERITAGE_TITLE, or the data file's)."""
    path = data_path()
    try:
        from_file = _file_title(str(path), Path(path).stat().st_mtime)
    except OSError:
        from_file = None
    return titles.title(current_translator(), from_file)


def keep_language_in_address() -> None:
    """Every page's address names the language the person chose (`lang=`), as the map's does.

    Moving through the navigation gives a page its bare path: the About page's address lost
    `lang=az`, so reloading it or sharing it came back in another language.
    """
    language = link_language()
    if language and st.query_params.get(PARAM) != language:
        st.query_params[PARAM] = language
