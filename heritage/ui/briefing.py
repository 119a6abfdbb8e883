"""The briefing download: built only when the user clicks, not on every rerun."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from heritage.briefing import Briefing, briefing_html
from heritage.dataset import Dataset
from heritage.export import file_name
from heritage.filters import SiteFilter
from heritage.links import ViewState
from heritage.ui.urlsync import share_link


def briefing_button(data: Dataset, site_filter: SiteFilter, state: ViewState) -> None:
    link = share_link(state)

    def build() -> str:
        return briefing_html(
            data,
            Briefing(
                site_filter, live_url=link, selected=state.site, generated=dt.datetime.now().replace(microsecond=0)
            ),
        )

    st.download_button(
        "Briefing",
        icon=":material/description:",
        data=build,
        file_name=file_name(site_filter, "html").replace("heritage-sites", "heritage-briefing"),
        mime="text/html",
        on_click="ignore",
        help="One HTML file of this view that opens offline, without the server: for when the live link fails.",
    )
