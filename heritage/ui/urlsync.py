"""Keep the browser's URL in step with the view, and give the link to share."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from heritage.filters import SiteFilter
from heritage.links import ViewState, to_params
from heritage.ui import viewstate
from heritage.ui.language import current_translator, link_language
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
        language=link_language(),
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


# One click copies: the clipboard API where the page is a secure context (https, localhost),
# else the older copy command, which works over plain http on an office network too.
# The link is only ever set as a property, never parsed as HTML.
_COPY_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const label = parentElement.querySelector(".label");
  const status = parentElement.querySelector(".status");
  // The words in the reader's language (from the page; English in the HTML until then), as text.
  const words = Object.assign(
    { copy: "Copy link", copied: "Link copied", failed: "Could not copy; the link is in the address bar.",
      title: "Copy the link to this view" },
    (data && data.words) || {});
  label.textContent = words.copy;
  button.title = words.title;
  button.onclick = async () => {
    // The address bar: the page keeps it in step with the view (filters, every pan, the site).
    const link = String(window.location.href || (data && data.link) || "");
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(link);
        copied = true;
      }
    } catch (error) { copied = false; }
    if (!copied) {
      const area = document.createElement("textarea");
      area.value = link;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      area.remove();
    }
    label.textContent = copied ? words.copied : words.copy;
    status.textContent = copied ? words.copied : words.failed;
    button.dataset.copied = copied ? "1" : "0";
    clearTimeout(button._reset);
    button._reset = setTimeout(() => { label.textContent = words.copy; }, 4000);
  };
}
"""
_COPY_HTML = (
    '<button type="button" class="copy" title="Copy the link to this view">'
    '<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" '
    'd="M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8v2zm9-6h-4'
    'v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z"/></svg><span class="label">Copy link</span></button>'
    '<span class="status" role="status" aria-live="polite"></span>'
)
_COPY_CSS = """
.copy { font: inherit; font-size: 1rem; line-height: 1.6; padding: 0.25rem 0.75rem; min-height: 2.5rem;
  border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2); background: var(--st-background-color, #fff);
  color: var(--st-text-color, #31333f); cursor: pointer; white-space: nowrap; display: inline-flex;
  gap: 0.4rem; align-items: center; }
.copy:hover, .copy:focus-visible { border-color: var(--st-primary-color, #ff4b4b);
  color: var(--st-primary-color, #ff4b4b); }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""
_copy_button = st.components.v2.component("heritage.copy_link", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)


def copy_link_control(state: ViewState) -> None:
    """One button: a click puts the link to this view on the clipboard and says "Link copied"."""
    _ = current_translator().gettext
    words = {
        "copy": _("Copy link"),
        "copied": _("Link copied"),
        "failed": _("Could not copy; the link is in the address bar."),
        "title": _("Copy the link to this view"),
    }
    _copy_button(data={"link": share_link(state), "words": words}, key="copy_link", width="content")
