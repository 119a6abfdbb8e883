"""Sites as a Streamlit table: readable columns, links to each site's page."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from heritage.i18n import N_, site_names
from heritage.links import site_link
from heritage.places import region_name
from heritage.schema import designation_label, status_label
from heritage.ui.language import current_translator, link_language

# Column ids stay English and stable (tests and links read them); the header a person sees is
# the id translated, through column_config.
HEADERS = (
    N_("Page"), N_("Id"), N_("Name"), N_("Other name"), N_("Status"), N_("Status stated"), N_("Stated by"),
    N_("Status since"), N_("Sources disagree"), N_("Designations"),
    N_("Inscribed"), N_("Progress %"), N_("Region"), N_("Registry no."), N_("Source"), N_("Updated"),
)  # fmt: skip


def natural_key(text: str) -> tuple:
    """Sort key that reads numbers as numbers: az-2 before az-10, az-2.2 after az-2."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def readable(sites: pd.DataFrame) -> pd.DataFrame:
    """What a person reads: labels instead of codes, a link to the site page; ids in natural
    order, and empty cells (not "None") where a value is missing."""
    order = sorted(range(len(sites)), key=lambda i: natural_key(str(sites["id"].iloc[i])))
    sites = sites.iloc[order]
    years = sites["inscription_year"]
    t = current_translator()
    names = [site_names(n, local, t.language) for n, local in zip(sites["name"], sites["name_local"])]
    yes = t.gettext("yes")
    return pd.DataFrame(
        {
            "Page": [site_link(site_id, link_language()) for site_id in sites["id"]],
            "Id": sites["id"],
            "Name": [n.first for n in names],
            "Other name": [n.other or "" for n in names],
            "Status": [status_label(code, t) for code in sites["status"]],
            # Since when, and who says so: the claim that decides the status (empty when no one states it).
            "Status stated": _column(sites, "status_stated"),
            "Stated by": _column(sites, "status_source"),
            "Status since": _column(sites, "status_since"),
            "Sources disagree": (sites["contested"].map({True: yes, False: ""}) if "contested" in sites else ""),
            "Designations": sites["designations"].map(lambda ds: ", ".join(designation_label(d, t) for d in ds)),
            "Inscribed": [str(int(year)) if pd.notna(year) else "" for year in years],
            "Progress %": sites["restoration_progress"],
            "Region": [region_name(r, t.language) if isinstance(r, str) else "" for r in sites["region"]],
            "Registry no.": sites["registry_number"].fillna(""),
            "Source": sites["source"],
            "Updated": sites["updated"].fillna(""),
        }
    ).reset_index(drop=True)


def _column(sites: pd.DataFrame, column: str) -> pd.Series | str:
    return sites[column].fillna("") if column in sites else ""


def sites_table(sites: pd.DataFrame, height: int = 600) -> None:
    t = current_translator()
    _ = t.gettext
    headers = {column: st.column_config.Column(_(column)) for column in HEADERS}
    st.dataframe(
        readable(sites),
        hide_index=True,
        height="auto" if len(sites) < 15 else height,
        width="stretch",
        column_config={
            **headers,
            "Page": st.column_config.LinkColumn(_("Page"), display_text=_("open"), width="small"),
            "Progress %": st.column_config.ProgressColumn(
                _("Progress %"), min_value=0, max_value=100, format="%.0f %%"
            ),
            "Inscribed": st.column_config.TextColumn(_("Inscribed")),
        },
    )
