"""Sites as a Streamlit table: readable columns, links to each site's page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import streamlit as st

from heritage.schema import DESIGNATIONS, STATUSES


def natural_key(site_id: str) -> tuple:
    """Ids in the order people count: az-2 before az-10.

    >>> sorted(["az-10", "az-2", "az-1b"], key=natural_key)
    ['az-1b', 'az-2', 'az-10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(site_id)))


def _text(column: pd.Series) -> pd.Series:
    """An empty cell for a missing value, not the word "None"."""
    return column.astype(object).where(column.notna(), "")


def readable(sites: pd.DataFrame) -> pd.DataFrame:
    """What a person reads: labels instead of codes, a link to the site page; ids in natural order."""
    sites = sites.iloc[sorted(range(len(sites)), key=lambda i: natural_key(sites["id"].iloc[i]))]
    return pd.DataFrame(
        {
            "Page": [f"/site?site={quote(site_id)}" for site_id in sites["id"]],
            "Id": sites["id"],
            "Name": sites["name"],
            "Local name": _text(sites["name_local"]),
            "Status": sites["status"].map(STATUSES),
            "Designations": sites["designations"].map(lambda ds: ", ".join(DESIGNATIONS[d] for d in ds)),
            # text, so a missing year is an empty cell (4-digit years still sort in order)
            "Inscribed": sites["inscription_year"].map(lambda year: "" if pd.isna(year) else str(int(year))),
            "Progress %": sites["restoration_progress"],
            "Region": _text(sites["region"]),
            "Registry no.": _text(sites["registry_number"]),
            "Source": _text(sites["source"]),
            "Updated": _text(sites["updated"]),
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
        },
    )
