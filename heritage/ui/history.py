"""A site's observations as a table and as charts: status changes and the progress curve."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from heritage.history import timeline
from heritage.i18n import NC_, Translator
from heritage.schema import designation_label, status_label
from heritage.ui.language import current_translator
from heritage.ui.text import markdown_link, plain

# Marked here, translated when drawn (in the reader's language) by field_words.
FIELD_WORDS = {
    "status": NC_("field", "Status"),
    "restoration_progress": NC_("field", "Restoration progress"),
    "designations": NC_("field", "Designations"),
    "withdrawal": NC_("field", "Withdrawal"),
}


def field_words(field: str, t: Translator | None = None) -> str:
    """A field's name as a reader says it, e.g. "Restoration progress" for restoration_progress."""
    t = t or current_translator()
    if field in FIELD_WORDS:
        return t.pgettext("field", FIELD_WORDS[field])
    return str(field).replace("_", " ").capitalize()


def observed_words(observed: object, t: Translator | None = None) -> str:
    """A day in the reader's words ("March 3, 2026", "3 mart 2026")."""
    stamp = pd.Timestamp(observed)
    return "" if pd.isna(stamp) else (t or current_translator()).date(stamp.date())


def observation_words(row: pd.Series, t: Translator | None = None) -> str:
    """One observation in a line: "#12 · March 3, 2026 · Status: Under restoration"."""
    t = t or current_translator()
    value = value_words(row["field"], row["value"], t)
    return f"#{row['id']} · {observed_words(row['observed'], t)} · {field_words(row['field'], t)}: {value}"


def value_words(field: str, value: object, t: Translator | None = None) -> str:
    """An observed value in the reader's words: a status or designation label, "40 %"."""
    t = t or current_translator()
    if value is None:
        return ""
    if field == "status":
        return status_label(value, t)
    if field == "designations":
        return ", ".join(designation_label(d, t) for d in value) or t.pgettext("history", "none")
    if field == "restoration_progress":
        return f"{t.number(value)} %"
    return str(value)


def _when(observed, period_from=None, period_to=None, t: Translator | None = None) -> str:
    """A claim's date as text: "undated", a day, or the period it describes."""
    t = t or current_translator()
    if observed is None or pd.isna(observed):
        return t.pgettext("history", "undated")
    start = period_from if period_from is not None and not pd.isna(period_from) else observed
    end = period_to if period_to is not None and not pd.isna(period_to) else observed
    if start == end:
        return str(observed)
    return t.pgettext("history", "{start} to {end}").format(start=start, end=end)


def claim_lines(claims: pd.DataFrame) -> None:
    """Each source's status claim as one wrapped line: source, date, status, link.

    Lines, not a table: in a narrow details panel (1280x720) a table showed only its first
    column and hid the date and status behind a sideways scroll.
    """
    t = current_translator()
    period_from = claims["period_from"] if "period_from" in claims else [None] * len(claims)
    period_to = claims["period_to"] if "period_to" in claims else [None] * len(claims)
    lines = []
    for source, observed, start, end, value, url in zip(
        claims["source"], claims["observed"], period_from, period_to, claims["value"], claims["source_url"]
    ):
        parts = [f"**{plain(source)}**", plain(_when(observed, start, end, t)), plain(value_words("status", value, t))]
        if isinstance(url, str) and url:
            parts.append(markdown_link(t.gettext("open"), url))
        lines.append("- " + " · ".join(parts))
    with st.container(key="claim_lines"):
        st.markdown("\n".join(lines))


def claims_table(claims: pd.DataFrame) -> None:
    """Each source's status claim side by side: source, date, status, link (plain text)."""
    t = current_translator()
    _ = t.gettext
    period_from = claims["period_from"] if "period_from" in claims else [None] * len(claims)
    period_to = claims["period_to"] if "period_to" in claims else [None] * len(claims)
    link = _("Link")
    st.dataframe(
        pd.DataFrame(
            {
                _("Source"): claims["source"],
                _("Date"): [_when(o, f, e, t) for o, f, e in zip(claims["observed"], period_from, period_to)],
                _("Status"): [value_words("status", v, t) for v in claims["value"]],
                link: claims["source_url"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={link: st.column_config.LinkColumn(link, display_text=_("open"))},
    )


def history_table(observations: pd.DataFrame) -> None:
    """Every observation of a site, withdrawn ones marked, newest first."""
    t = current_translator()
    _ = t.gettext
    if observations.empty:
        st.caption(_("No observations recorded yet: the site shows its base record."))
        return
    rows = observations.sort_values(["observed", "id"], ascending=False, na_position="first")
    # A claim about a period (a month-dated statement, a survey window) shows that period,
    # so a statement dated "2003-07" never reads as if it named a day.
    period_from = rows["period_from"] if "period_from" in rows else [None] * len(rows)
    period_to = rows["period_to"] if "period_to" in rows else [None] * len(rows)
    link = _("Link")
    st.dataframe(
        pd.DataFrame(
            {
                "#": rows["id"],
                _("Observed"): [_when(o, f, e, t) for o, f, e in zip(rows["observed"], period_from, period_to)],
                _("Field"): [field_words(f, t) for f in rows["field"]],
                _("Value"): [value_words(f, v, t) for f, v in zip(rows["field"], rows["value"])],
                _("Source"): rows["source"],
                link: rows["source_url"],
                # TRANSLATORS: column of the history table: who recorded the observation.
                _("By"): rows["author"],
                # TRANSLATORS: column of the history table: the number of the observation this one withdraws.
                _("Withdraws"): rows["withdraws"],
                _("Withdrawn"): rows["withdrawn"],
                _("Note"): rows["note"] if "note" in rows else None,
            }
        ),
        hide_index=True,
        column_config={link: st.column_config.LinkColumn(link)},
    )


def history_charts(observations: pd.DataFrame) -> None:
    """Status changes as a timeline and progress as a curve; each point carries its source."""
    import altair as alt  # 0.3 s to import: paid by the first page with a chart, not by every start

    t = current_translator()
    _ = t.gettext
    status = timeline(observations, "status")
    progress = timeline(observations, "restoration_progress")
    # Undated notes have no place on a time axis: they are in the table below.
    status = status[~status["withdrawn"] & status["observed"].notna()]
    progress = progress[~progress["withdrawn"] & progress["observed"].notna()]
    status = status.assign(value=[status_label(code, t) for code in status["code"]])
    tooltip = [
        alt.Tooltip("observed:T", title=_("Observed")),
        alt.Tooltip("value", title=_("Value")),
        alt.Tooltip("source", title=_("Source")),
        alt.Tooltip("author", title=_("By")),
    ]
    if not status.empty:
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
