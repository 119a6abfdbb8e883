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


def _when(observed, period_from=None, period_to=None) -> str:
    """A claim's date as text: "undated", a day, or the period it describes."""
    if observed is None or pd.isna(observed):
        return "undated"
    start = period_from if period_from is not None and not pd.isna(period_from) else observed
    end = period_to if period_to is not None and not pd.isna(period_to) else observed
    return str(observed) if start == end else f"{start} to {end}"


def claims_table(claims: pd.DataFrame) -> None:
    """Each source's status claim side by side: source, date, status, link (plain text)."""
    period_from = claims["period_from"] if "period_from" in claims else [None] * len(claims)
    period_to = claims["period_to"] if "period_to" in claims else [None] * len(claims)
    st.dataframe(
        pd.DataFrame(
            {
                "Source": claims["source"],
                "Date": [_when(o, f, t) for o, f, t in zip(claims["observed"], period_from, period_to)],
                "Status": [value_words("status", v) for v in claims["value"]],
                "Link": claims["source_url"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
    )


def history_table(observations: pd.DataFrame) -> None:
    """Every observation of a site, withdrawn ones marked, newest first."""
    if observations.empty:
        st.caption("No observations recorded yet: the site shows its base record.")
        return
    rows = observations.sort_values(["observed", "id"], ascending=False, na_position="first")
    # A claim about a period (a month-dated statement, a survey window) shows that period,
    # so a statement dated "2003-07" never reads as if it named a day.
    period_from = rows["period_from"] if "period_from" in rows else [None] * len(rows)
    period_to = rows["period_to"] if "period_to" in rows else [None] * len(rows)
    st.dataframe(
        pd.DataFrame(
            {
                "#": rows["id"],
                "Observed": [_when(o, f, e) for o, f, e in zip(rows["observed"], period_from, period_to)],
                "Field": [field_words(f) for f in rows["field"]],
                "Value": [value_words(f, v) for f, v in zip(rows["field"], rows["value"])],
                "Source": rows["source"],
                "Link": rows["source_url"],
                "By": rows["author"],
                "Withdraws": rows["withdraws"],
                "Withdrawn": rows["withdrawn"],
                "Note": rows["note"] if "note" in rows else None,
            }
        ),
        hide_index=True,
        column_config={"Link": st.column_config.LinkColumn("Link")},
    )


def history_charts(observations: pd.DataFrame) -> None:
    """Status changes as a timeline and progress as a curve; each point carries its source."""
    status = timeline(observations, "status")
    progress = timeline(observations, "restoration_progress")
    # Undated notes have no place on a time axis: they are in the table below.
    status = status[~status["withdrawn"] & status["observed"].notna()]
    progress = progress[~progress["withdrawn"] & progress["observed"].notna()]
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
