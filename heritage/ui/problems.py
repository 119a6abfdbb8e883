"""The list of records that failed validation, shown above the map while the rest loads."""

import pandas as pd
import streamlit as st

from heritage.dataset import Dataset


def show_problems(data: Dataset) -> None:
    if not data.problems:
        return
    st.warning(
        f"{len(data.problems):,} of {data.records_read:,} records in the data file were left out "
        "because they failed validation. The other records are shown.",
        icon=":material/warning:",
    )
    with st.expander("Records left out"):
        table = pd.DataFrame(
            [{"record": p.record, "id": p.site_id, "field": p.field, "problem": p.message} for p in data.problems]
        )
        st.dataframe(table, hide_index=True, width="stretch")
