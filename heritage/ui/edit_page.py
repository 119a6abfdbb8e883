"""The edit page's flow: record a dated observation, with its source, for one or several sites; withdraw one.

Observations are never changed or deleted. Each write names the revision each site had when the
editor first saw it, so a later write by someone else is a conflict shown, not overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from heritage import audit
from heritage.dataset import Dataset
from heritage.history import submissions
from heritage.i18n import N_, NC_
from heritage.roles import allows
from heritage.schema import DESIGNATIONS, STATUSES, designation_label, status_label
from heritage.store import CANNOT_WRITE, Conflict, NewObservation, Store, StoreError
from heritage.ui import data as ui_data
from heritage.ui import session
from heritage.ui.auth import current_role, require_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import cleaned, evidence_uploader, with_evidence
from heritage.ui.history import history_table, observation_words
from heritage.ui.language import current_translator
from heritage.ui.picker import site_labels, site_picker
from heritage.ui.text import plain, show_error
from heritage.view import ViewState

FIELDS = {
    "condition": NC_("field", "Status and restoration progress"),
    "designations": NC_("field", "Designations"),
}


@dataclass(frozen=True)
class Observed:
    """What the form says was observed: the new values (field -> value) and where they come from."""

    values: dict[str, object]
    observed: dt.date
    source: str
    source_url: str
    note: str
    uploads: list


def edit_page(state: ViewState) -> None:
    """Signed-in editors only: choose sites (the view's site first), see them now, record, withdraw."""
    editor = require_editor(N_("Editing"))
    dataset = ui_data.dataset()
    store = ui_data.store()
    _ = current_translator().gettext
    st.title(_("Record an observation"), anchor=False)
    writable = store.writable()  # told before filling in the form, not only after
    if not writable:
        st.error(_(CANNOT_WRITE), icon=":material/edit_off:")
    st.caption(_("Observations are never changed or deleted: a mistaken one is withdrawn by a later one that says so."))
    if store.review:
        st.info(
            _("A second pair of eyes: what you record is a proposal until another person (a reviewer) approves it."),
            icon=":material/fact_check:",
        )
    labels = site_labels(dataset, current_translator().language)
    chosen = site_picker(dataset, [s for s in [state.site] if s])
    if not chosen:
        end_page()
    # The revision each site had when the editor first saw it: a later write by someone else is a conflict.
    seen = session.seen_revisions.setdefault({})
    seen.update(store.revisions([s for s in chosen if s not in seen]))
    sites_now(dataset, chosen)
    observed, submitted = observation_form(len(chosen), writable)
    if submitted:
        record(store, editor, chosen, observed, seen, labels)
    if len(chosen) == 1:
        site_history(store, editor, chosen[0], seen, writable)


def sites_now(dataset: Dataset, chosen: list[str]) -> None:
    """The chosen sites as the map shows them now: what an observation would change."""
    t = current_translator()
    _ = t.gettext
    now = dataset.sites[dataset.sites["id"].isin(chosen)]
    st.dataframe(
        pd.DataFrame(
            {
                _("Site"): now["name"],
                _("Status"): [status_label(code, t) for code in now["status"]],
                _("Progress %"): now["restoration_progress"],
                _("Designations"): [", ".join(designation_label(d, t) for d in ds) for ds in now["designations"]],
                _("Source"): now["source"],
            }
        ),
        hide_index=True,
    )


def observation_form(count: int, writable: bool) -> tuple[Observed, bool]:
    """The form for `count` sites; returns what it holds and whether it was submitted.

    Status and progress are seen on the same visit: one form, one submission, both observations
    written together (or neither). Either may be left as it is.
    """
    t = current_translator()
    _ = t.gettext
    field = st.radio(
        _("What changed"), list(FIELDS), format_func=lambda f: t.pgettext("field", FIELDS[f]), horizontal=True
    )
    with st.form("observation", clear_on_submit=False):
        values: dict[str, object] = {}
        if field == "condition":
            unchanged = _("unchanged")
            status = st.selectbox(
                _("New status"), [None, *STATUSES], format_func=lambda s: unchanged if s is None else status_label(s, t)
            )
            progress = st.number_input(
                _("Restoration progress (%)"), 0.0, 100.0, value=None, step=5.0, placeholder=unchanged
            )
            pairs = (("status", status), ("restoration_progress", progress))
            values = {name: value for name, value in pairs if value is not None}
        else:
            values["designations"] = st.multiselect(
                _("Designations"), list(DESIGNATIONS), format_func=lambda d: designation_label(d, t)
            )
        observed = st.date_input(_("Observed on"), dt.date.today(), max_value=dt.date.today())
        source = st.text_input(
            _("Source (required)"),
            placeholder=_("Inspection report 2026/14, Ministry of Culture"),
            max_chars=1000,
            key="observation_source",
        )
        source_url = st.text_input(_("Source link (http or https)"), max_chars=2000)
        note = st.text_area(_("Note"), max_chars=2000)
        uploads = evidence_uploader("evidence_files")
        submitted = st.form_submit_button(
            t.ngettext("Record for {count} site", "Record for {count} sites", count).format(count=t.number(count)),
            disabled=not writable,
        )
    return Observed(values, observed, source, source_url, note, uploads), submitted


def record(
    store: Store, editor: str, chosen: list[str], observed: Observed, seen: dict, labels: dict[str, str]
) -> None:
    """Write the observation for every chosen site, or none: a conflict shows each site's newer state."""
    t = current_translator()
    _ = t.gettext
    if not observed.values:
        st.warning(_("Choose a new status or a restoration progress: there is nothing to record yet."))
        return
    files = cleaned(observed.uploads)
    if files is None:  # cleaned() has said what is wrong with a file
        return
    new = [
        NewObservation(
            site,
            name,
            value,
            observed.observed,
            observed.source,
            editor,
            observed.source_url or None,
            observed.note or None,
        )
        for site in chosen
        for name, value in observed.values.items()
    ]
    new = with_evidence(new, files)  # with each site's first observation of this submission
    try:
        ids = store.record(new, {site: seen[site] for site in chosen})
    except Conflict as conflict:
        show_error(conflict, icon=":material/sync_problem:")
        seen.update(store.revisions(conflict.site_ids))  # they have now been shown the newer state
        for site in conflict.site_ids:
            st.markdown(_("**{site}**: the newer state").format(site=plain(labels[site])))
            history_table(store.observations(site))
    except StoreError as error:
        show_error(error)
    else:
        seen.update(store.revisions(chosen))
        recorded(store, editor, new, ids, files, len(chosen))


def recorded(store: Store, editor: str, new: list[NewObservation], ids: list, files: list, sites: int) -> None:
    """After a write: the audit trail's lines, and what happens next (on the map now, or once reviewed)."""
    t = current_translator()
    action = "proposal" if store.review else "observation"
    audit.record(store, editor, action, ", ".join(f"{o.site_id} #{i}" for o, i in zip(new, ids)))
    if files:
        audit.record(store, editor, "evidence", f"{len(files)} file(s): " + ", ".join(f.name for f in files))
    count = t.number(sites)
    if store.review:
        st.success(
            t.ngettext(
                "Proposed for {count} site: it shows on the map once a reviewer approves it.",
                "Proposed for {count} sites: they show on the map once a reviewer approves them.",
                sites,
            ).format(count=count)
        )
    else:
        st.success(t.ngettext("Recorded for {count} site.", "Recorded for {count} sites.", sites).format(count=count))


def site_history(store: Store, editor: str, site_id: str, seen: dict, writable: bool) -> None:
    """One site chosen: its history, and a form to withdraw one of its standing observations."""
    _ = current_translator().gettext
    st.subheader(_("History"), anchor=False)
    observations = store.observations(site_id)
    history_table(observations)
    standing = observations[~observations["withdrawn"] & ~observations["field"].isin(["withdrawal", "review"])]
    if store.review and not allows(current_role(), "reviewer"):  # with review on, an editor withdraws only
        standing = standing[(standing["author"] == editor) & (standing["review"] == "proposed")]  # own proposals
    if not standing.empty:
        withdraw_form(store, editor, site_id, standing, seen, writable)


def withdraw_form(store: Store, editor: str, site_id: str, standing: pd.DataFrame, seen: dict, writable: bool) -> None:
    """Withdraw one standing observation, with a reason (the observation itself stays in the record)."""
    t = current_translator()
    _ = t.gettext
    with st.form("withdraw"):
        # One submission (a status and a progress from one report) is withdrawn as one.
        by_id = {row["id"]: observation_words(row, t) for _row_number, row in standing.iterrows()}
        words = {ids[0]: " + ".join(by_id[i] for i in ids) for ids in submissions(standing)}
        target = st.selectbox(_("Withdraw observation"), list(words), format_func=words.get)
        reason = st.text_input(_("Why (required)"), max_chars=1000)
        if st.form_submit_button(_("Withdraw"), disabled=not writable):
            try:
                withdrawal = store.withdraw(int(target), reason, editor, {site_id: seen[site_id]})
                audit.record(store, editor, "withdrawal", f"{site_id} #{withdrawal} withdraws #{target}")
                seen.update(store.revisions([site_id]))
                st.success(_("Observation #{number} withdrawn.").format(number=target))
            except Conflict as conflict:
                seen.update(store.revisions(conflict.site_ids))
                show_error(conflict)
            except StoreError as error:
                show_error(error)
