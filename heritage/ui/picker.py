"""The Edit page's site picker: find sites by any spelling, and never select many by one key press.

Streamlit's multiselect offered "Select N matches" as the first, highlighted entry and matched
fuzzily, so "Panah" + Enter put 9 unrelated sites into one bulk observation; it also searched only
the English names. Here a search box finds sites the way the sidebar's search does (folded:
"Pənah", "penah", "Panah"; name, local name, registry number), the list offers those, matches by
"contains" and has no bulk entry: Enter picks the one site highlighted.
"""

from __future__ import annotations

import streamlit as st

from heritage.dataset import Dataset
from heritage.filters import MAX_QUERY, SiteFilter
from heritage.i18n import site_names
from heritage.ui import session
from heritage.ui.language import current_translator
from heritage.ui.text import plain

PICKED = "edit_sites"  # the multiselect's key: what the editor has picked so far


def site_labels(data: Dataset, language: str) -> dict[str, str]:
    """`Name (id)`, the name in the reader's order (the Azerbaijani name first in az)."""
    sites = data.sites
    return {
        site_id: f"{site_names(name, local, language).first} ({site_id})"
        for site_id, name, local in zip(sites["id"], sites["name"], sites["name_local"])
    }


def site_picker(data: Dataset, preselected: list[str]) -> list[str]:
    """The sites the editor picked: the search narrows the list; the picks so far always stay in it."""
    t = current_translator()
    _ = t.gettext
    labels = site_labels(data, t.language)
    if session.widget_value(PICKED) is None:
        session.set_widget_value(PICKED, [site for site in preselected if site in labels])
    query = st.text_input(
        _("Find sites"),
        key="edit_find",
        max_chars=MAX_QUERY,
        placeholder=_("name in any spelling, local name or registry number"),
    )
    ids = data.sites["id"].to_numpy()
    found = ids[data.mask(SiteFilter(query=query))] if query.strip() else ids
    options = list(dict.fromkeys([*session.widget_value(PICKED, []), *found]))
    if query.strip():
        st.caption(
            t.ngettext("{count} site matches the search.", "{count} sites match the search.", len(found)).format(
                count=t.number(len(found))
            )
        )
    return st.multiselect(
        _("Sites (several for one bulk observation)"),
        options,
        key=PICKED,
        format_func=labels.get,
        filter_mode="contains",
        select_all=False,  # no "Select N matches" entry for Enter to hit
    )


def site_chooser(data: Dataset) -> str | None:
    """The Site page without a site: what the page is for, a search in any spelling, and the matches.

    It was a bare chooser with no heading; now it says what a site's page holds and finds a
    site the way the sidebar's search does.
    """
    t = current_translator()
    _ = t.gettext
    st.title(_("A site's page"), anchor=False)
    st.caption(
        _(
            "Each heritage site has a page with everything known about it and where that knowledge comes from: "
            "its status, its history of observations and the sites within 5 km. Find one here, or click a "
            "site on the map and follow its link."
        )
    )
    query = st.text_input(
        _("Search for a site"),
        key="site_find",
        max_chars=MAX_QUERY,
        placeholder=_("name in any spelling, local name or registry number"),
    )
    ids = data.sites["id"].to_numpy()
    found = ids[data.mask(SiteFilter(query=query))] if query.strip() else ids
    if query.strip() and not len(found):
        st.info(plain(_("No site matches “{query}”.").format(query=query.strip()[:100])))
        return None
    labels = site_labels(data, t.language)
    if query.strip():
        count = t.number(len(found))
        st.caption(
            t.ngettext("{count} site matches the search.", "{count} sites match the search.", len(found)).format(
                count=count
            )
        )
    return st.selectbox(
        _("Find a site"),
        list(found),
        format_func=labels.get,
        index=None,
        placeholder=_("Choose a site"),
    )
