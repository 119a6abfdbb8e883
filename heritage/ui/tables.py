"""Sites as a Streamlit table: readable columns, links to each site's page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import streamlit as st

from heritage.schema import DESIGNATIONS, STATUSES


def natural_key(text: str) -> tuple:
    """Sort key that reads numbers as numbers: az-2 before az-10, az-2.2 after az-2."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def readable(sites: pd.DataFrame) -> pd.DataFrame:
    """What a person reads: labels instead of codes, a link to the site page; ids in natural
    order, and empty cells (not "None") where a value is missing."""
    order = sorted(range(len(sites)), key=lambda i: natural_key(str(sites["id"].iloc[i])))
    sites = sites.iloc[order]
    years = sites["inscription_year"]
    return pd.DataFrame(
        {
            "Page": [f"/site?site={quote(site_id)}" for site_id in sites["id"]],
            "Id": sites["id"],
            "Name": sites["name"],
            "Local name": sites["name_local"].fillna(""),
            "Status": sites["status"].map(STATUSES),
            "Sources disagree": (sites["contested"].map({True: "yes", False: ""}) if "contested" in sites else ""),
            "Designations": sites["designations"].map(lambda ds: ", ".join(DESIGNATIONS[d] for d in ds)),
            "Inscribed": [str(int(year)) if pd.notna(year) else "" for year in years],
            "Progress %": sites["restoration_progress"],
            "Region": sites["region"].fillna(""),
            "Registry no.": sites["registry_number"].fillna(""),
            "Source": sites["source"],
            "Updated": sites["updated"].fillna(""),
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
            "Inscribed": st.column_config.TextColumn("Inscribed"),
        },
    )
