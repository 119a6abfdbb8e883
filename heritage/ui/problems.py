"""The records that failed validation: a count, the first few, and the full report as a file.

A data file with 37,000 bad records must not send a 3.7 MB table to every viewer on every
load, so the page shows the first SHOWN_PROBLEMS and offers the rest as a download.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from heritage.dataset import Dataset
from heritage.schema import Problem
from heritage.spreadsheet import csv_bytes

SHOWN_PROBLEMS = 100


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"record": p.record, "id": p.site_id, "field": p.field, "problem": p.message} for p in problems],
        columns=["record", "id", "field", "problem"],
    )


def problems_table(problems: Sequence[Problem], key: str) -> None:
    """The first SHOWN_PROBLEMS problems, and every one of them as a CSV download."""
    if len(problems) > SHOWN_PROBLEMS:
        st.caption(f"The first {SHOWN_PROBLEMS} of {len(problems):,} problems; the download holds all.")
    st.dataframe(problems_frame(problems[:SHOWN_PROBLEMS]), hide_index=True, width="stretch")
    st.download_button(
        "All problems (CSV)",
        data=lambda: csv_bytes(problems_frame(problems)),
        file_name="heritage-problems.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def show_problems(data: Dataset) -> None:
    if not data.problems:
        return
    st.warning(
        f"{len(data.problems):,} of {data.records_read:,} records in the data file were left out "
        "because they failed validation. The other records are shown.",
        icon=":material/warning:",
    )
    with st.expander("Records left out"):
        problems_table(data.problems, key="data_problems")
