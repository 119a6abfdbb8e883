"""A site's own page (?site=ID): its details and history, a small map, and its neighbours; or a way to find one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from heritage.clustering import cluster_view
from heritage.dataset import Dataset
from heritage.extent import AZERBAIJAN
from heritage.i18n import site_names
from heritage.links import site_link, site_params
from heritage.mapping import TileConfig, layer_payload
from heritage.schema import STATUSES, status_label
from heritage.store import StoreError
from heritage.ui import data as ui_data
from heritage.ui import viewstate
from heritage.ui.auth import current_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import before_after, evidence_timeline
from heritage.ui.history import history_charts, history_table
from heritage.ui.language import current_translator, link_language
from heritage.ui.mapcomponent import layer_script, show_map
from heritage.ui.panels import site_details
from heritage.ui.picker import site_chooser
from heritage.ui.sidebar import dated
from heritage.ui.text import plain
from heritage.view import ViewState

NEIGHBOUR_KM = 5.0


def site_page(state: ViewState, dataset: Dataset) -> None:
    """The site the link (or else the view) names, as of the view's date; a finder when there is none."""
    dataset = dated(dataset, state.site_filter)  # the record as of the view's date
    site_id = st.query_params.get("site") or state.site
    position = dataset.position(site_id)
    if position is None:
        site_finder(dataset, site_id)
        end_page()
    site = dataset.sites.iloc[position]
    viewstate.update(site=str(site["id"]))
    details, around = st.columns([1.2, 1])
    with details:
        details_and_history(dataset, position)
    with around:
        surroundings(dataset, position)
    language = link_language()  # kept in this page's own links, when the person chose it
    if st.query_params.get("site") != site["id"]:
        st.query_params.from_dict(site_params(site["id"], language))


def site_finder(dataset: Dataset, site_id: str | None) -> None:
    """No such site: say so (for a wrong id) and offer every site by name; choosing one opens it."""
    t = current_translator()
    _ = t.gettext
    if site_id:
        st.warning(plain(_("There is no site with the id “{id}” in this dataset.").format(id=site_id[:100])))
    chosen_id = site_chooser(dataset)
    if chosen_id is not None:
        viewstate.update(site=chosen_id)
        st.query_params["site"] = chosen_id
        st.rerun()


def details_and_history(dataset: Dataset, position: int) -> None:
    """What is known about the site now, then every statement and observation behind it."""
    _ = current_translator().gettext
    site = dataset.sites.iloc[position]
    site_details(site, dataset.claims_of(site["id"]), stale=bool(dataset.stale[position]))
    st.subheader(_("History"), anchor=False)
    st.caption(
        _("Every statement and observation, dated or not, each with its source; undated ones never decide the status.")
    )
    public_history = dataset.site_observations(site["id"])  # what counts: no proposal waiting or rejected
    history_charts(public_history)
    store = ui_data.store()
    try:
        # An editor also sees the proposals, each with its badge (the Review page decides them).
        history_table(store.observations(site["id"]) if current_editor() and store else public_history)
        if store is not None:
            before_after(store, evidence_timeline(store, public_history))
    except StoreError as error:
        st.warning(_(str(error)), icon=":material/cloud_off:")


def surroundings(dataset: Dataset, position: int) -> None:
    """A small map of the site and its neighbours, then the neighbours as links."""
    neighbours = dataset.neighbours(position, NEIGHBOUR_KM)
    small_map(dataset, position, neighbours)
    neighbour_list(neighbours)


def small_map(dataset: Dataset, position: int, neighbours: pd.DataFrame) -> None:
    """The site selected among its neighbours, on a compact map centred on it."""
    t = current_translator()
    site = dataset.sites.iloc[position]
    rows = np.array([position, *neighbours.index.to_list()])
    mask = np.zeros(len(dataset.sites), dtype=bool)
    mask[rows] = True
    shown = dataset.shown_columns(mask, t.language)
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (-90, -180, 90, 180), 18, len(STATUSES))
    show_map(
        TileConfig.from_environment(),
        dataset.bounds or AZERBAIJAN,
        layer_script(layer_payload(shown, layer, selected=site["id"])),  # no route behind it: no refetch
        key="site_map",
        returned=[],
        center=(float(site["lat"]), float(site["lon"])),
        zoom=15,
        height=380,
        language=t.language,
        compact=True,  # a small map: folded legend, one-line credit
    )


def neighbour_list(neighbours: pd.DataFrame) -> None:
    """The nearest 30 neighbours: name linked to its page, distance, status."""
    t = current_translator()
    language = link_language()
    st.subheader(t.gettext("Within {distance} km").format(distance=t.number(NEIGHBOUR_KM)), anchor=False)
    if neighbours.empty:
        st.caption(t.gettext("No other registered site within this distance."))
    for _row, other in neighbours.head(30).iterrows():
        name = site_names(other["name"], other["name_local"], t.language).first
        st.markdown(
            f"- [{plain(name)}]({site_link(other['id'], language)}) · {t.number(other['distance_km'], 1)} km · "
            f"{plain(status_label(other['status'], t).lower())}"
        )
