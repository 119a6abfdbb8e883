"""The review page's flow: proposals waiting for a second pair of eyes, oldest first, each with its evidence.

A reviewer approves or rejects another person's proposal with a reason; their own are
listed but cannot be decided by them. The decision is itself an observation, so the
history keeps both. Only for reviewers and administrators (heritage/roles.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from heritage import audit
from heritage.i18n import N_
from heritage.store import CANNOT_WRITE, Store, StoreError
from heritage.ui import data as ui_data
from heritage.ui import session
from heritage.ui.auth import require_role
from heritage.ui.errors import end_page
from heritage.ui.evidence import thumbnails
from heritage.ui.history import field_words, observed_words, value_words
from heritage.ui.language import current_translator
from heritage.ui.text import plain


def review_page() -> None:
    """Reviewers only: whether review is on, the last decision, then each waiting proposal."""
    t = current_translator()
    _ = t.gettext
    reviewer = require_role("reviewer", N_("Reviewing"))
    store = ui_data.store()
    dataset = ui_data.dataset()
    st.title(_("Review proposals"), anchor=False)
    if not store.review:
        st.caption(
            _(
                "Review is off (HERITAGE_REVIEW is not 'required'): observations count as soon as they are "
                "recorded. Proposals made while it was on are still listed here."
            )
        )
    writable = store.writable()
    if not writable:
        st.error(_(CANNOT_WRITE), icon=":material/edit_off:")
    if done := session.review_done.pop():
        st.success(done)
    waiting = store.proposals()
    st.caption(
        t.ngettext(
            "{count} proposal waiting, oldest first.", "{count} proposals waiting, oldest first.", len(waiting)
        ).format(count=t.number(len(waiting)))
    )
    if waiting.empty:
        end_page()
    files = store.evidence_list(waiting["id"])
    names = dict(zip(dataset.sites["id"], dataset.sites["name"]))
    for row in waiting.itertuples():
        with st.container(border=True):
            proposal(row, names.get(row.site_id, row.site_id), files[files["observation_id"] == row.id], store)
            if row.author.strip().lower() == reviewer.lower():
                st.info(_("Your own proposal: another reviewer decides it."), icon=":material/person:")
                continue
            decision_form(row, store, reviewer, writable)


def proposal(row, site: str, own_files: pd.DataFrame, store: Store) -> None:
    """One proposal as the reviewer weighs it: the site, the value, the date, the source, the note, the files."""
    t = current_translator()
    _ = t.gettext
    st.markdown(f"**#{row.id} · {plain(site)}** ({plain(row.site_id)})")
    st.markdown(
        plain(f"{field_words(row.field, t)}: {value_words(row.field, row.value, t)} · ")
        + plain(_("observed {date}").format(date=observed_words(row.observed, t) or t.pgettext("history", "undated")))
    )
    st.markdown(plain(_("Source: {source}").format(source=row.source)))
    if row.source_url:
        st.markdown(plain(row.source_url))
    if row.note:
        st.markdown(plain(_("Note: {note}").format(note=row.note)))
    st.caption(plain(_("Proposed by {author}").format(author=row.author)))
    if not own_files.empty:
        thumbnails(own_files, public=False, store=store)


def decision_form(row, store: Store, reviewer: str, writable: bool) -> None:
    """Approve or reject (a reason is required to reject); the decision is audited and shown after the rerun."""
    _ = current_translator().gettext
    with st.form(f"review-{row.id}"):
        reason = st.text_input(_("Reason (required to reject)"), max_chars=1000, key=f"reason-{row.id}")
        approve, reject = st.columns(2)
        approved = approve.form_submit_button(_("Approve"), type="primary", disabled=not writable)
        rejected = reject.form_submit_button(_("Reject"), disabled=not writable)
    if approved or rejected:
        decision = "approved" if approved else "rejected"
        try:
            store.review_observation(int(row.id), reviewer, decision, reason)
        except StoreError as error:
            st.error(plain(error))
        else:
            audit.record(store, reviewer, "review", f"#{row.id} {decision}" + (f": {reason}" if reason else ""))
            message = _("Proposal #{number} approved.") if approved else _("Proposal #{number} rejected.")
            session.review_done.set(message.format(number=row.id))
            st.rerun()
