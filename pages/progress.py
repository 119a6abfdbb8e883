"""Progress: charts of the filtered sites, each with a caption and its data to download."""

import altair as alt
import streamlit as st

from heritage import stats
from heritage.filters import describe
from heritage.mapping import STATUS_STYLE
from heritage.places import region_name
from heritage.schema import STATUSES, status_label
from heritage.spreadsheet import csv_bytes
from heritage.ui import data as ui_data
from heritage.ui.language import current_translator
from heritage.ui.navigation import within_app
from heritage.ui.sidebar import dated, filtered_sites, show_url_notes
from heritage.ui.text import plain
from heritage.ui.urlsync import current_state, sync_url

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
site_filter, mask = filtered_sites(dataset)
dataset = dated(dataset, site_filter)  # the record as of the view's date
shown = dataset.sites[mask]

t = current_translator()
_ = t.gettext
st.title(_("Progress"), anchor=False)
show_url_notes()
st.caption(plain(describe(site_filter, len(shown), t)))

# The colour domain is the translated labels, so the legend reads in the reader's language.
STATUS_SCALE = alt.Scale(domain=[status_label(s, t) for s in STATUSES], range=[STATUS_STYLE[s][0] for s in STATUSES])


def chart_block(title: str, caption: str, chart: alt.Chart, table, file_stem: str) -> None:
    st.subheader(title, anchor=False)
    st.caption(plain(caption))
    if table.empty or table["sites"].sum() == 0:
        st.info(_("None of the shown sites has a value for this chart."))
        return
    st.altair_chart(chart, width="stretch")
    st.download_button(
        _("Chart data (CSV)"), csv_bytes(table), f"{file_stem}.csv", "text/csv",
        icon=":material/download:",
        key=f"chart_{file_stem}", on_click="ignore",
    )  # fmt: skip


by_region = stats.status_by_region(shown)
by_region["status"] = [status_label(code, t) for code in by_region["status"]]
by_region["region"] = [region_name(region, t.language) for region in by_region["region"]]  # Şuşa -> Shusha
SITES = alt.Tooltip("sites:Q", title=_("Sites"))
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
        color=alt.Color("status:N", scale=STATUS_SCALE, title=_("Status")),
        tooltip=[alt.Tooltip("region", title=_("Region")), alt.Tooltip("status", title=_("Status")), SITES],
    ),
    by_region,
    "sites-per-status-by-region",
)

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
        tooltip=[alt.Tooltip("band", title=_("Progress")), SITES],
    ),
    bands,
    "restoration-progress",
)

years = stats.inscriptions_per_year(shown)
chart_block(
    _("Inscriptions per year"),
    _("Shown sites by the year of inscription on the highest list they are on (UNESCO World Heritage first)."),
    alt.Chart(years)
    .mark_bar(color="#555")
    .encode(
        x=alt.X("year:O", title=_("Year")),
        y=alt.Y("sites:Q", title=_("Sites")),
        tooltip=[alt.Tooltip("year", title=_("Year")), SITES],
    ),
    years,
    "inscriptions-per-year",
)
sync_url(current_state(site_filter, with_view=False))
