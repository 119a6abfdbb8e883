"""The briefing download: built only when the user clicks, not on every rerun."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from heritage.briefing import Briefing, briefing_html
from heritage.dataset import Dataset
from heritage.export import file_name
from heritage.filters import SiteFilter
from heritage.links import ViewState
from heritage.sources import DEFAULT_DATA, data_path
from heritage.ui.language import app_title, current_translator
from heritage.ui.urlsync import share_link


def briefing_button(data: Dataset, site_filter: SiteFilter, state: ViewState) -> None:
    link = share_link(state)
    t = current_translator()
    briefing = Briefing(
        site_filter,
        live_url=link,
        selected=state.site,
        language=t.language,
        title=app_title(),
        shipped_sources=data_path().resolve() == DEFAULT_DATA.resolve(),
    )

    def build() -> str:
        return briefing_html(data, dataclasses.replace(briefing, generated=dt.datetime.now().replace(microsecond=0)))

    _ = current_translator().gettext
    st.download_button(
        _("Briefing"),
        icon=":material/description:",
        data=build,
        file_name=file_name(site_filter, "html").replace("heritage-sites", "heritage-briefing"),
        mime="text/html",
        on_click="ignore",
        help=_("One HTML file of this view that opens offline, without the server: for when the live link fails."),
    )
