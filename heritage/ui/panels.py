"""Indicator tiles and the site details panel, drawn with Streamlit elements (never raw HTML)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pandas as pd
import streamlit as st

from heritage.history import STALE_YEARS, stated_words
from heritage.i18n import Translator, site_names
from heritage.places import region_name
from heritage.schema import category_label, designation_label, status_label
from heritage.stats import Indicators
from heritage.ui.history import claim_lines
from heritage.ui.language import current_translator
from heritage.ui.text import markdown_link, plain


def indicator_tiles(figures: Indicators, large: bool = False) -> None:
    """Sites shown of total, one tile per status present, and the mean progress.

    The tiles take the width their label needs and wrap, so no label is cut short.
    """
    t = current_translator()
    _ = t.gettext
    present = [status for status, count in figures.per_status.items() if count]
    mean = "—" if figures.mean_progress is None else f"{t.number(figures.mean_progress, 0)} %"
    # presenter.py lays them out by key; firstpaint.py keeps their place until they are in.
    with st.container(horizontal=True, gap="small", key="indicator_tiles"):
        st.metric(
            _("Sites shown"), t.number(figures.shown), delta=_("of {total}").format(total=t.number(figures.total)),
            delta_color="off", delta_arrow="off", border=large, width="content",
        )  # fmt: skip
        for status in present:
            st.metric(status_label(status, t), t.number(figures.per_status[status]), border=large, width="content")
        help_text = _("Mean restoration progress of the {count} shown sites that state one.")
        # Beside "Under restoration 5" a bare "100 %" read as "all done": say how many it covers.
        covers = _("{count} of {shown} with a figure").format(
            count=t.number(figures.with_progress), shown=t.number(figures.shown)
        )
        st.metric(
            _("Mean progress"), mean, border=large, width="content",
            delta=covers if figures.with_progress else None, delta_color="off", delta_arrow="off",
            help=help_text.format(count=t.number(figures.with_progress)),
        )  # fmt: skip


def _designation_line(designations: tuple[str, ...], year, t: Translator) -> str:
    names = [designation_label(d, t) for d in designations]
    if not names:
        return t.gettext("No designation recorded")
    text = ", ".join(names)
    return (
        t.gettext("{designations} (inscribed {year})").format(designations=text, year=int(year))
        if pd.notna(year)
        else text
    )


def site_details(site: pd.Series, claims: pd.DataFrame | None = None, stale: bool = False) -> None:
    """Everything known about one site, and where that knowledge comes from.

    `claims` are the site's status observations (Dataset.claims_of): shown one after the
    other, one line per source, so a disagreement is visible and never resolved here.
    `stale`: the status was last stated more than STALE_YEARS before the day shown.
    """
    t = current_translator()
    _ = t.gettext
    names = site_names(site["name"], site["name_local"], t.language)
    st.subheader(plain(names.first), anchor=False)
    if names.other:
        st.caption(plain(names.other))
    disagree = " · ⚠ " + t.pgettext("legend", "sources disagree") if site.get("contested") else ""
    _line(_("Status"), status_label(site["status"], t) + disagree)
    stated = stated_words(site, t)
    if stated:
        old = _("stated more than {years} years before the day shown").format(years=STALE_YEARS) if stale else ""
        st.caption(plain(stated + (" · ⌛ " + old if old else "")))
    if claims is not None and not claims.empty:
        st.caption(plain(_("What each source states (the status shown is the latest dated one):")))
        claim_lines(claims)
    designations = _designation_line(site["designations"], site["inscription_year"], t)
    _line(_("Designations"), designations)
    progress = site["restoration_progress"]
    if pd.notna(progress):
        st.progress(float(progress) / 100, text=_("Restoration progress: {value} %").format(value=t.number(progress)))
    else:
        _line(_("Restoration progress"), _("not stated by any source"))
    fields = {
        _("Registry number"): "registry_number",
        _("Region"): "region",
        _("Category"): "category",
        _("Site id"): "id",
    }
    if site.get("location_precision") == "approximate":
        source = site.get("location_source") or _("source not stated")
        _line(_("Location"), _("approximate ({source})").format(source=source))
    elif site.get("location_source"):
        st.caption(plain(_("Location: {source}").format(source=site["location_source"])))
    _lines(site, fields, lambda label, value: f"**{label}:** {plain(value)}", t)
    if site["description"]:
        st.text(site["description"])
    _image(site, t)
    _sources(site, t)


def _line(label: str, value: object) -> None:
    """`**Label:** value`: the label is our message, the value is escaped text."""
    st.markdown(f"**{plain(label)}:** {plain(value)}")


def _lines(site: pd.Series, fields: dict[str, str], line, t: Translator) -> None:
    """One Markdown line per field that has a value; `line(label, value)` writes it."""
    for label, column in fields.items():
        if site[column]:
            value = site[column]
            if column == "category":
                value = category_label(value, t)
            elif column == "region":
                value = region_name(value, t.language)  # Şuşa -> Shusha in en
            st.markdown(line(label, value))


def _image(site: pd.Series, t: Translator) -> None:
    """A link by default: offices often block image hosts, and a broken image helps nobody."""
    if not site["image_url"]:
        return
    st.link_button(t.gettext("Open the image"), site["image_url"])
    if st.toggle(t.gettext("Show the image here (needs internet)"), key=f"image_{site['id']}"):
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


def _sources(site: pd.Series, t: Translator) -> None:
    _ = t.gettext
    _line(_("Source"), site["source"])
    fields = {
        _("Source"): "source_url",
        "Wikidata": "wikidata",
        "Wikimedia Commons": "commons_url",
        "Wikipedia (az)": "wikipedia_az",
    }
    _lines(site, fields, lambda label, url: f"- {label}: {markdown_link(link_words(url), url)}", t)
    if site["updated"]:
        st.caption(plain(_("Last updated {date}").format(date=_date(site["updated"], t))))


def _date(value: object, t: Translator) -> str:
    """An ISO day in the reader's words; anything else (a year, free text) as it is."""
    try:
        return t.date(str(value))
    except ValueError:
        return str(value)
