"""A site's observations as a table and as charts: status changes and the progress curve."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from heritage.history import timeline
from heritage.schema import DESIGNATIONS, STATUSES

FIELD_WORDS = {
    "status": "Status",
    "restoration_progress": "Restoration progress",
    "designations": "Designations",
    "withdrawal": "Withdrawal",
}


def field_words(field: str) -> str:
    """A field's name as a reader says it, e.g. "Restoration progress" for restoration_progress."""
    return FIELD_WORDS.get(field, str(field).replace("_", " ").capitalize())


def observed_words(observed: object) -> str:
    """A date as month and year ("March 2026"): what an observation's day usually means."""
    stamp = pd.Timestamp(observed)
    return "" if pd.isna(stamp) else stamp.strftime("%d %B %Y").lstrip("0")


def observation_words(row: pd.Series) -> str:
    """One observation in a line: "#12 · 3 March 2026 · Status: Under restoration"."""
    value = value_words(row["field"], row["value"])
    return f"#{row['id']} · {observed_words(row['observed'])} · {field_words(row['field'])}: {value}"


def value_words(field: str, value: object) -> str:
    if value is None:
        return ""
    if field == "status":
        return STATUSES.get(value, str(value))
    if field == "designations":
        return ", ".join(DESIGNATIONS.get(d, d) for d in value) or "none"
    if field == "restoration_progress":
        return f"{value:g} %"
    return str(value)


def history_table(observations: pd.DataFrame) -> None:
    """Every observation of a site, withdrawn ones marked, newest first."""
    if observations.empty:
        st.caption("No observations recorded yet: the site shows its base record.")
        return
    rows = observations.sort_values("id", ascending=False)
    st.dataframe(
        pd.DataFrame(
            {
                "#": rows["id"],
                "Observed": [observed_words(o) for o in rows["observed"]],
                "Field": [field_words(f) for f in rows["field"]],
                "Value": [value_words(f, v) for f, v in zip(rows["field"], rows["value"])],
                "Source": rows["source"],
                "Link": rows["source_url"],
                "By": rows["author"],
                "Withdraws": rows["withdraws"],
                "Withdrawn": rows["withdrawn"],
            }
        ),
        hide_index=True,
        column_config={"Link": st.column_config.LinkColumn("Link")},
    )


def history_charts(observations: pd.DataFrame) -> None:
    """Status changes as a timeline and progress as a curve; each point carries its source."""
    status = timeline(observations, "status")
    progress = timeline(observations, "restoration_progress")
    status, progress = status[~status["withdrawn"]], progress[~progress["withdrawn"]]
    tooltip = ["observed:T", "value", "source", "author"]
    if not status.empty:
        st.caption("Status changes, each with its source (hover a point).")
        chart = (
            alt.Chart(status)
            .mark_point(size=120, filled=True)
            .encode(x=alt.X("observed:T", title="Observed"), y=alt.Y("value:N", title=None), tooltip=tooltip)
        )
        st.altair_chart(chart.properties(height=160), width="stretch")
    if not progress.empty:
        st.caption("Restoration progress over time, each point with its source.")
        line = alt.Chart(progress).encode(
            x=alt.X("observed:T", title="Observed"),
            y=alt.Y("value:Q", title="Progress %", scale=alt.Scale(domain=[0, 100])),
            tooltip=tooltip,
        )
        st.altair_chart(
            (line.mark_line() + line.mark_point(size=80, filled=True)).properties(height=220), width="stretch"
        )
