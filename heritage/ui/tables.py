"""Sites as a Streamlit table: readable columns, links to each site's page."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from heritage.schema import DESIGNATIONS, STATUSES


def readable(sites: pd.DataFrame) -> pd.DataFrame:
    """What a person reads: labels instead of codes, a link to the site page."""
    return pd.DataFrame(
        {
            "Page": [f"/site?site={quote(site_id)}" for site_id in sites["id"]],
            "Id": sites["id"],
            "Name": sites["name"],
            "Local name": sites["name_local"],
            "Status": sites["status"].map(STATUSES),
            "Designations": sites["designations"].map(lambda ds: ", ".join(DESIGNATIONS[d] for d in ds)),
            "Inscribed": sites["inscription_year"],
            "Progress %": sites["restoration_progress"],
            "Region": sites["region"],
            "Registry no.": sites["registry_number"],
            "Source": sites["source"],
            "Updated": sites["updated"],
        }
    ).reset_index(drop=True)


def sites_table(sites: pd.DataFrame, height: int = 600) -> None:
    st.dataframe(
        readable(sites),
        hide_index=True,
        height="auto" if len(sites) < 15 else height,
        width="stretch",
        column_config={
            "Page": st.column_config.LinkColumn("Page", display_text="open", width="small"),
            "Progress %": st.column_config.ProgressColumn("Progress %", min_value=0, max_value=100, format="%.0f %%"),
            "Inscribed": st.column_config.NumberColumn("Inscribed", format="%d"),
        },
    )
