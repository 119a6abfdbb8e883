"""The progress page's flow: charts of the filtered sites, each with a caption and its data to download."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from heritage import spreadsheet, stats
from heritage.filters import describe
from heritage.mapping import STATUS_STYLE
from heritage.places import region_name
from heritage.schema import STATUSES, status_label
from heritage.ui.language import current_translator
from heritage.ui.sidebar import FilteredView, show_url_notes
from heritage.ui.text import plain
from heritage.ui.urlsync import current_state, sync_url


def progress_page(view: FilteredView) -> None:
    """Title, the filters in words, the three charts; the URL then follows the filters."""
    shown = view.dataset.sites[view.mask]
    t = current_translator()
    st.title(t.gettext("Progress"), anchor=False)
    show_url_notes()
    st.caption(plain(describe(view.site_filter, len(shown), t)))
    status_by_region_chart(shown)
    progress_chart(shown)
    inscriptions_chart(shown)
    sync_url(current_state(view.site_filter, with_view=False))


def status_scale() -> alt.Scale:
    """The status colours; the domain is the translated labels, so the legend reads in the reader's language."""
    t = current_translator()
    return alt.Scale(domain=[status_label(s, t) for s in STATUSES], range=[STATUS_STYLE[s][0] for s in STATUSES])


def sites_tooltip() -> alt.Tooltip:
    """The count every chart's tooltip ends with."""
    return alt.Tooltip("sites:Q", title=current_translator().gettext("Sites"))


def chart_block(title: str, caption: str, chart: alt.Chart, table: pd.DataFrame, file_stem: str) -> None:
    """A chart under its title and caption, with its data as CSV; a chart of nothing says so instead."""
    _ = current_translator().gettext
    st.subheader(title, anchor=False)
    st.caption(plain(caption))
    if table.empty or table["sites"].sum() == 0:
        st.info(_("None of the shown sites has a value for this chart."))
        return
    st.altair_chart(chart, width="stretch")
    st.download_button(  # spreadsheet.csv_bytes looked up here: tests record what it writes
        _("Chart data (CSV)"), spreadsheet.csv_bytes(table), f"{file_stem}.csv", "text/csv",
        icon=":material/download:",
        key=f"chart_{file_stem}", on_click="ignore",
    )  # fmt: skip


def status_by_region_chart(shown: pd.DataFrame) -> None:
    """Per region, the shown sites by conservation status (labels and regions in the reader's words)."""
    t = current_translator()
    _ = t.gettext
    by_region = stats.status_by_region(shown)
    by_region["status"] = [status_label(code, t) for code in by_region["status"]]
    by_region["region"] = [region_name(region, t.language) for region in by_region["region"]]  # Şuşa -> Shusha
    chart_block(
        _("Sites per status, by region"),
        _(
            "Each bar is a region; its parts are the shown sites per conservation status. "
            "“Unknown” means no public source used here states the condition."
        ),
        alt.Chart(by_region)
        .mark_bar()
        .encode(
            x=alt.X("sites:Q", title=_("Sites")),
            y=alt.Y("region:N", sort="-x", title=None),
            color=alt.Color("status:N", scale=status_scale(), title=_("Status")),
            tooltip=[
                alt.Tooltip("region", title=_("Region")),
                alt.Tooltip("status", title=_("Status")),
                sites_tooltip(),
            ],
        ),
        by_region,
        "sites-per-status-by-region",
    )


def progress_chart(shown: pd.DataFrame) -> None:
    """Restoration progress in bands of 10 %, counting only the sites whose progress a source states."""
    t = current_translator()
    _ = t.gettext
    bands = stats.progress_distribution(shown)
    with_progress = int(shown["restoration_progress"].notna().sum())
    chart_block(
        _("Restoration progress"),
        _(
            "How far restoration has come, in bands of 10 %, for the {counted} shown sites whose progress a source "
            "states; the other {rest} are not counted."
        ).format(counted=t.number(with_progress), rest=t.number(len(shown) - with_progress)),
        alt.Chart(bands)
        .mark_bar(color=STATUS_STYLE["under_restoration"][0])
        .encode(
            x=alt.X("band:N", sort=None, title=_("Progress")),
            y=alt.Y("sites:Q", title=_("Sites")),
            tooltip=[alt.Tooltip("band", title=_("Progress")), sites_tooltip()],
        ),
        bands,
        "restoration-progress",
    )


def inscriptions_chart(shown: pd.DataFrame) -> None:
    """Shown sites by the year of inscription on the highest list they are on."""
    _ = current_translator().gettext
    years = stats.inscriptions_per_year(shown)
    chart_block(
        _("Inscriptions per year"),
        _("Shown sites by the year of inscription on the highest list they are on (UNESCO World Heritage first)."),
        alt.Chart(years)
        .mark_bar(color="#555")
        .encode(
            x=alt.X("year:O", title=_("Year")),
            y=alt.Y("sites:Q", title=_("Sites")),
            tooltip=[alt.Tooltip("year", title=_("Year")), sites_tooltip()],
        ),
        years,
        "inscriptions-per-year",
    )
