"""Indicator tiles and the site details panel, drawn with Streamlit elements (never raw HTML)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pandas as pd
import streamlit as st

from heritage.schema import DESIGNATIONS, STATUSES
from heritage.stats import Indicators
from heritage.ui.history import claims_table
from heritage.ui.text import markdown_link, plain


def indicator_tiles(figures: Indicators, large: bool = False) -> None:
    """Sites shown of total, one tile per status present, and the mean progress.

    The tiles take the width their label needs and wrap, so no label is cut short.
    """
    present = [status for status, count in figures.per_status.items() if count]
    mean = "—" if figures.mean_progress is None else f"{figures.mean_progress:.0f} %"
    with st.container(horizontal=True, gap="small"):
        st.metric(
            "Sites shown", f"{figures.shown:,}", delta=f"of {figures.total:,}", delta_color="off",
            delta_arrow="off", border=large, width="content",
        )  # fmt: skip
        for status in present:
            st.metric(STATUSES[status], f"{figures.per_status[status]:,}", border=large, width="content")
        st.metric(
            "Mean progress", mean, border=large, width="content",
            help=f"Mean restoration progress of the {figures.with_progress:,} shown sites that state one.",
        )  # fmt: skip


def _designation_line(designations: tuple[str, ...], year) -> str:
    names = [DESIGNATIONS[d] for d in designations]
    if not names:
        return "No designation recorded"
    text = ", ".join(names)
    return f"{text} (inscribed {int(year)})" if pd.notna(year) else text


def site_details(site: pd.Series, claims: pd.DataFrame | None = None) -> None:
    """Everything known about one site, and where that knowledge comes from.

    `claims` are the site's status observations (Dataset.claims_of): shown side by side,
    one row per source, so a disagreement is visible and never resolved here.
    """
    st.subheader(plain(site["name"]), anchor=False)
    if site["name_local"] and site["name_local"] != site["name"]:
        st.caption(plain(site["name_local"]))
    disagree = " · ⚠ sources disagree" if site.get("contested") else ""
    st.markdown(f"**Status:** {plain(STATUSES[site['status']])}{disagree}")
    if claims is not None and not claims.empty:
        st.caption("What each source states (the status shown is the latest dated one):")
        claims_table(claims)
    st.markdown(f"**Designations:** {plain(_designation_line(site['designations'], site['inscription_year']))}")
    progress = site["restoration_progress"]
    if pd.notna(progress):
        st.progress(float(progress) / 100, text=f"Restoration progress: {progress:g} %")
    else:
        st.markdown("**Restoration progress:** not stated by any source")
    fields = {"Registry number": "registry_number", "Region": "region", "Category": "category", "Site id": "id"}
    if site.get("location_precision") == "approximate":
        st.markdown(f"**Location:** approximate ({plain(site.get('location_source') or 'source not stated')})")
    elif site.get("location_source"):
        st.caption(f"Location: {plain(site['location_source'])}")
    _lines(site, fields, lambda label, value: f"**{label}:** {plain(value)}")
    if site["description"]:
        st.text(site["description"])
    _image(site)
    _sources(site)


def _lines(site: pd.Series, fields: dict[str, str], line) -> None:
    """One Markdown line per field that has a value; `line(label, value)` writes it."""
    for label, column in fields.items():
        if site[column]:
            st.markdown(line(label, site[column]))


def _image(site: pd.Series) -> None:
    """A link by default: offices often block image hosts, and a broken image helps nobody."""
    if not site["image_url"]:
        return
    st.link_button("Open the image", site["image_url"])
    if st.toggle("Show the image here (needs internet)", key=f"image_{site['id']}"):
        st.image(site["image_url"], width="stretch")


def link_words(url: str) -> str:
    """What a link is called on screen: a wiki page's title, else the site's domain.

    >>> link_words("https://az.wikipedia.org/wiki/%C5%9Eu%C5%9Fa_(%C5%9F%C9%99h%C9%99r)")
    'Şuşa (şəhər)'
    >>> link_words("https://www.example.org/reports/2026/14.pdf")
    'example.org'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if "/wiki/" in parts.path and (host.endswith("wikipedia.org") or host.endswith("wikimedia.org")):
        return unquote(parts.path.split("/wiki/", 1)[1]).replace("_", " ")
    if host.endswith("wikidata.org") and parts.path.rstrip("/"):
        return parts.path.rstrip("/").rsplit("/", 1)[-1]
    return host or url


def _sources(site: pd.Series) -> None:
    st.markdown(f"**Source:** {plain(site['source'])}")
    fields = {
        "Source": "source_url",
        "Wikidata": "wikidata",
        "Wikimedia Commons": "commons_url",
        "Wikipedia (az)": "wikipedia_az",
    }
    _lines(site, fields, lambda label, url: f"- {label}: {markdown_link(link_words(url), url)}")
    if site["updated"]:
        st.caption(f"Last updated {plain(site['updated'])}")
