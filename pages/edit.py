"""Record an observation for one or several sites: a dated change with its source."""

import datetime as dt

import pandas as pd
import streamlit as st

from heritage import audit
from heritage.history import submissions
from heritage.i18n import N_, NC_
from heritage.roles import allows
from heritage.schema import DESIGNATIONS, STATUSES, designation_label, status_label
from heritage.store import CANNOT_WRITE, Conflict, NewObservation, StoreError
from heritage.ui import data as ui_data
from heritage.ui import session, viewstate
from heritage.ui.auth import current_role, require_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import cleaned, evidence_uploader, with_evidence
from heritage.ui.history import history_table, observation_words
from heritage.ui.language import current_translator
from heritage.ui.navigation import within_app
from heritage.ui.picker import site_labels, site_picker
from heritage.ui.text import plain, show_error

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

FIELDS = {
    "condition": NC_("field", "Status and restoration progress"),
    "designations": NC_("field", "Designations"),
}

t = current_translator()
_ = t.gettext
editor = require_editor(N_("Editing"))
dataset = ui_data.dataset()
store = ui_data.store()

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
sites = dataset.sites
labels = site_labels(dataset, t.language)
chosen = site_picker(dataset, [s for s in [viewstate.current().site] if s])
if not chosen:
    end_page()

# The revision each site had when the editor first saw it: a later write by someone else is a conflict.
seen = session.seen_revisions.setdefault({})
seen.update(store.revisions([s for s in chosen if s not in seen]))
now = sites[sites["id"].isin(chosen)]
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

field = st.radio(_("What changed"), list(FIELDS), format_func=lambda f: t.pgettext("field", FIELDS[f]), horizontal=True)
with st.form("observation", clear_on_submit=False):
    # Status and progress are seen on the same visit: one form, one submission, both observations
    # written together (or neither). Either may be left as it is.
    values: dict[str, object] = {}
    if field == "condition":
        unchanged = _("unchanged")
        status = st.selectbox(
            _("New status"), [None, *STATUSES], format_func=lambda s: unchanged if s is None else status_label(s, t)
        )
        progress = st.number_input(
            _("Restoration progress (%)"), 0.0, 100.0, value=None, step=5.0, placeholder=unchanged
        )
        values = {
            name: value for name, value in (("status", status), ("restoration_progress", progress)) if value is not None
        }
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
    count = t.number(len(chosen))
    submitted = st.form_submit_button(
        t.ngettext("Record for {count} site", "Record for {count} sites", len(chosen)).format(count=count),
        disabled=not writable,
    )

if submitted and not values:
    st.warning(_("Choose a new status or a restoration progress: there is nothing to record yet."))
elif submitted and (files := cleaned(uploads)) is not None:
    new = [
        NewObservation(site, name, value, observed, source, editor, source_url or None, note or None)
        for site in chosen
        for name, value in values.items()
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
        action = "proposal" if store.review else "observation"
        audit.record(store, editor, action, ", ".join(f"{o.site_id} #{i}" for o, i in zip(new, ids)))
        if files:
            audit.record(store, editor, "evidence", f"{len(files)} file(s): " + ", ".join(f.name for f in files))
        if store.review:
            st.success(
                t.ngettext(
                    "Proposed for {count} site: it shows on the map once a reviewer approves it.",
                    "Proposed for {count} sites: they show on the map once a reviewer approves them.",
                    len(chosen),
                ).format(count=count)
            )
        else:
            st.success(
                t.ngettext("Recorded for {count} site.", "Recorded for {count} sites.", len(chosen)).format(count=count)
            )

if len(chosen) == 1:
    st.subheader(_("History"), anchor=False)
    observations = store.observations(chosen[0])
    history_table(observations)
    standing = observations[~observations["withdrawn"] & ~observations["field"].isin(["withdrawal", "review"])]
    if store.review and not allows(current_role(), "reviewer"):  # with review on, an editor withdraws only
        standing = standing[(standing["author"] == editor) & (standing["review"] == "proposed")]  # own proposals
    if not standing.empty:
        with st.form("withdraw"):
            # One submission (a status and a progress from one report) is withdrawn as one.
            by_id = {row["id"]: observation_words(row, t) for _row_number, row in standing.iterrows()}
            words = {ids[0]: " + ".join(by_id[i] for i in ids) for ids in submissions(standing)}
            target = st.selectbox(_("Withdraw observation"), list(words), format_func=words.get)
            reason = st.text_input(_("Why (required)"), max_chars=1000)
            if st.form_submit_button(_("Withdraw"), disabled=not writable):
                try:
                    withdrawal = store.withdraw(int(target), reason, editor, {chosen[0]: seen[chosen[0]]})
                    audit.record(store, editor, "withdrawal", f"{chosen[0]} #{withdrawal} withdraws #{target}")
                    seen.update(store.revisions(chosen))
                    st.success(_("Observation #{number} withdrawn.").format(number=target))
                except Conflict as conflict:
                    seen.update(store.revisions(conflict.site_ids))
                    show_error(conflict)
                except StoreError as error:
                    show_error(error)
