"""Keep the browser's URL in step with the view, and give the link to share."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from heritage.filters import SiteFilter
from heritage.links import ViewState, to_params
from heritage.ui import viewstate
from heritage.ui.sitemap import shown_view


def current_state(site_filter: SiteFilter, with_view: bool = True) -> ViewState:
    """The view on screen (see shown_view for the moment a link has just opened).

    with_view=False: a page without the map names no map view in its link.
    """
    state = viewstate.current()
    if with_view:
        state = viewstate.update(view=shown_view())
    return state.changed(
        site_filter=site_filter,
        view=state.view if with_view else None,
        scene=state.scene if state.present else None,
    )


def sync_url(state: ViewState) -> None:
    """Write the view into the URL; only when it changed, so nothing reruns for nothing."""
    session = viewstate.session()
    # A follower's link names the live session, so that reloading it follows again.
    params = {"follow": [session.live_code]} if session.following and session.live_code else to_params(state)
    current = {name: st.query_params.get_all(name) for name in st.query_params.keys()}
    if params != current:
        st.query_params.from_dict(params)


def share_link(state: ViewState) -> str:
    base = (st.context.url or "").split("?")[0]
    query = urlencode(to_params(state), doseq=True)
    return f"{base}?{query}" if query else base


def copy_link_control(state: ViewState) -> None:
    """A popover with the link in a code box, whose copy button puts it on the clipboard."""
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This link opens the same view: filters, map extent and selected site.")
        st.code(share_link(state), language=None, wrap_lines=True)
