"""The records that failed validation: a count, the first few, and the full report as a file.

A data file with 37,000 bad records must not send a 3.7 MB table to every viewer on every
load, so the page shows the first SHOWN_PROBLEMS and offers the rest as a download.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from heritage.dataset import Dataset
from heritage.problemlog import KEEP, ProblemLog
from heritage.schema import Problem
from heritage.spreadsheet import csv_bytes
from heritage.ui.language import current_translator
from heritage.ui.text import plain

SHOWN_PROBLEMS = KEEP  # what an import keeps in memory is what the page shows


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"record": p.record, "id": p.site_id, "field": p.field, "problem": p.message} for p in problems],
        columns=["record", "id", "field", "problem"],
    )


def problems_table(problems: Sequence[Problem], key: str) -> None:
    """The first SHOWN_PROBLEMS problems, and every one of them as a CSV download."""
    t = current_translator()
    _ = t.gettext
    if len(problems) > SHOWN_PROBLEMS:
        text = _("The first {shown} of {total} problems; the download holds all.")
        st.caption(text.format(shown=t.number(SHOWN_PROBLEMS), total=t.number(len(problems))))  # numbers only
    # The columns keep their ids (the CSV's header); the reader sees them in their language.
    headers = {"record": _("Record"), "id": _("Id"), "field": _("Field"), "problem": _("Problem")}
    st.dataframe(
        problems_frame(list(problems[:SHOWN_PROBLEMS])),
        hide_index=True,
        width="stretch",
        column_config={column: st.column_config.Column(label) for column, label in headers.items()},
    )
    st.download_button(
        _("All problems (CSV)"),
        # A ProblemLog (an import) keeps only the first few in memory; its report is on disk.
        data=problems.report_csv if isinstance(problems, ProblemLog) else lambda: csv_bytes(problems_frame(problems)),
        file_name="heritage-problems.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def show_problems(data: Dataset) -> None:
    if not data.problems:
        return
    t = current_translator()
    _ = t.gettext
    text = _(
        "{left_out} of {read} records in the data file were left out because they failed validation. "
        "The other records are shown."
    )
    st.warning(
        plain(text.format(left_out=t.number(len(data.problems)), read=t.number(data.records_read))),
        icon=":material/warning:",
    )
    with st.expander(_("Records left out")):
        problems_table(data.problems, key="data_problems")
