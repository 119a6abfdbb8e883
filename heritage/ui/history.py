"""A site's observations as a table and as charts: status changes and the progress curve."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from heritage.history import timeline
from heritage.i18n import Translator
from heritage.schema import DESIGNATIONS, STATUSES, designation_label, status_label
from heritage.ui.language import current_translator

FIELD_NAMES = {"status": "Status", "restoration_progress": "Restoration progress", "designations": "Designations"}


def _value(field: str, value: object, t: Translator) -> str:
    if value is None:
        return ""
    if field == "status":
        return status_label(value, t) if value in STATUSES else str(value)
    if field == "designations":
        return ", ".join(designation_label(d, t) if d in DESIGNATIONS else d for d in value) or t.gettext("none")
    if field == "restoration_progress":
        return f"{t.number(value)} %"
    return str(value)


def _when(t: Translator, observed, period_from=None, period_to=None) -> str:
    """A claim's date as text: "undated", a day, or the period it describes."""
    if observed is None or pd.isna(observed):
        return t.gettext("undated")
    start = period_from if period_from is not None and not pd.isna(period_from) else observed
    end = period_to if period_to is not None and not pd.isna(period_to) else observed
    # ISO days in tables: they sort as text and read the same in every language.
    return str(observed) if start == end else t.gettext("{start} to {end}").format(start=start, end=end)


def _field(field: str, t: Translator) -> str:
    return t.gettext(FIELD_NAMES[field]) if field in FIELD_NAMES else field


def claims_table(claims: pd.DataFrame) -> None:
    """Each source's status claim side by side: source, date, status, link (plain text)."""
    t = current_translator()
    _ = t.gettext
    period_from = claims["period_from"] if "period_from" in claims else [None] * len(claims)
    period_to = claims["period_to"] if "period_to" in claims else [None] * len(claims)
    st.dataframe(
        pd.DataFrame(
            {
                _("Source"): claims["source"],
                _("Date"): [_when(t, o, f, e) for o, f, e in zip(claims["observed"], period_from, period_to)],
                _("Status"): [_value("status", v, t) for v in claims["value"]],
                _("Link"): claims["source_url"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("open"))},
    )


def history_table(observations: pd.DataFrame) -> None:
    """Every observation of a site, withdrawn ones marked, newest first."""
    t = current_translator()
    _ = t.gettext
    if observations.empty:
        st.caption(_("No observations recorded yet: the site shows its base record."))
        return
    rows = observations.sort_values(["observed", "id"], ascending=False, na_position="first")
    st.dataframe(
        pd.DataFrame(
            {
                "#": rows["id"],
                _("Observed"): [_when(t, o) for o in rows["observed"]],
                _("Field"): [_field(f, t) for f in rows["field"]],
                _("Value"): [_value(f, v, t) for f, v in zip(rows["field"], rows["value"])],
                _("Source"): rows["source"],
                _("Link"): rows["source_url"],
                _("By"): rows["author"],
                _("Withdraws"): rows["withdraws"],
                _("Withdrawn"): rows["withdrawn"],
                _("Note"): rows["note"] if "note" in rows else None,
            }
        ),
        hide_index=True,
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"))},
    )


def history_charts(observations: pd.DataFrame) -> None:
    """Status changes as a timeline and progress as a curve; each point carries its source."""
    status = timeline(observations, "status")
    progress = timeline(observations, "restoration_progress")
    # Undated notes have no place on a time axis: they are in the table below.
    status = status[~status["withdrawn"] & status["observed"].notna()]
    progress = progress[~progress["withdrawn"] & progress["observed"].notna()]
    t = current_translator()
    _ = t.gettext
    tooltip = [
        alt.Tooltip("observed:T", title=_("Observed")),
        alt.Tooltip("value", title=_("Value")),
        alt.Tooltip("source", title=_("Source")),
        alt.Tooltip("author", title=_("By")),
    ]
    if not status.empty:
        status = status.assign(value=[_value("status", code, t) for code in status["code"]])
        st.caption(_("Status changes, each with its source (hover a point)."))
        chart = (
            alt.Chart(status)
            .mark_point(size=120, filled=True)
            .encode(x=alt.X("observed:T", title=_("Observed")), y=alt.Y("value:N", title=None), tooltip=tooltip)
        )
        st.altair_chart(chart.properties(height=160), width="stretch")
    if not progress.empty:
        st.caption(_("Restoration progress over time, each point with its source."))
        line = alt.Chart(progress).encode(
            x=alt.X("observed:T", title=_("Observed")),
            y=alt.Y("value:Q", title=_("Progress %"), scale=alt.Scale(domain=[0, 100])),
            tooltip=tooltip,
        )
        st.altair_chart(
            (line.mark_line() + line.mark_point(size=80, filled=True)).properties(height=220), width="stretch"
        )
