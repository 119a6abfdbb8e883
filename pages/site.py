"""A site's own page (?site=ID): everything known about it, a small map, and its neighbours."""

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from heritage.clustering import cluster_view
from heritage.i18n import site_names
from heritage.links import site_link, site_params
from heritage.mapping import TileConfig, base_map, site_layer
from heritage.schema import STATUSES, status_label
from heritage.store import StoreError
from heritage.ui import data as ui_data
from heritage.ui import viewstate
from heritage.ui.auth import current_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import before_after, evidence_timeline
from heritage.ui.history import history_charts, history_table
from heritage.ui.language import current_translator, link_language
from heritage.ui.navigation import within_app
from heritage.ui.panels import site_details
from heritage.ui.picker import site_chooser
from heritage.ui.sidebar import dated, seed_from_url
from heritage.ui.text import plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

NEIGHBOUR_KM = 5.0

dataset = ui_data.dataset()
seed_from_url(dataset)
dataset = dated(dataset, viewstate.current().site_filter)  # the record as of the view's date
site_id = st.query_params.get("site") or viewstate.current().site
position = dataset.position(site_id)
t = current_translator()
_ = t.gettext
language = link_language()  # kept in this page's own links, when the person chose it

if position is None:
    if site_id:
        st.warning(plain(_("There is no site with the id “{id}” in this dataset.").format(id=site_id[:100])))
    chosen_id = site_chooser(dataset)
    if chosen_id is not None:
        viewstate.update(site=chosen_id)
        st.query_params["site"] = chosen_id
        st.rerun()
    end_page()

site = dataset.sites.iloc[position]
viewstate.update(site=str(site["id"]))
details, around = st.columns([1.2, 1])
with details:
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
neighbours = dataset.neighbours(position, NEIGHBOUR_KM)
with around:
    rows = np.array([position, *neighbours.index.to_list()])
    mask = np.zeros(len(dataset.sites), dtype=bool)
    mask[rows] = True
    shown = dataset.shown_columns(mask, t.language)
    layer = cluster_view(shown["lon"], shown["lat"], shown["status_code"], (-90, -180, 90, 180), 18, len(STATUSES))
    st_folium(
        base_map(
            TileConfig.from_environment(),
            center=(float(site["lat"]), float(site["lon"])),
            zoom=15,
            translator=current_translator(),
            compact=True,  # a small map: folded legend, one-line credit
        ),
        key="site_map",
        feature_group_to_add=site_layer(shown, layer, selected=site["id"]),
        returned_objects=[],
        height=380,
        use_container_width=True,
    )
    st.subheader(_("Within {distance} km").format(distance=t.number(NEIGHBOUR_KM)), anchor=False)
    if neighbours.empty:
        st.caption(_("No other registered site within this distance."))
    for _row, other in neighbours.head(30).iterrows():
        name = site_names(other["name"], other["name_local"], t.language).first
        st.markdown(
            f"- [{plain(name)}]({site_link(other['id'], language)}) · {t.number(other['distance_km'], 1)} km · "
            f"{plain(status_label(other['status'], t).lower())}"
        )
if st.query_params.get("site") != site["id"]:
    st.query_params.from_dict(site_params(site["id"], language))
