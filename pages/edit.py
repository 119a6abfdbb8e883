"""Record an observation for one or several sites: a dated change with its source."""

import datetime as dt

import pandas as pd
import streamlit as st

from heritage.schema import DESIGNATIONS, STATUSES
from heritage.store import CANNOT_WRITE, Conflict, NewObservation, StoreError
from heritage.ui import data as ui_data
from heritage.ui import viewstate
from heritage.ui.auth import require_editor
from heritage.ui.history import history_table, observation_words
from heritage.ui.navigation import within_app
from heritage.ui.text import plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

FIELDS = {
    "condition": "Status and restoration progress",
    "designations": "Designations",
}

editor = require_editor("Editing")
dataset = ui_data.dataset()
store = ui_data.store()

st.title("Record an observation", anchor=False)
writable = store.writable()  # told before filling in the form, not only after
if not writable:
    st.error(CANNOT_WRITE, icon=":material/edit_off:")
st.caption("Observations are never changed or deleted: a mistaken one is withdrawn by a later one that says so.")
sites = dataset.sites
labels = dict(zip(sites["id"], sites["name"] + " (" + sites["id"] + ")"))
default = [s for s in [viewstate.current().site] if s in labels]
chosen = st.multiselect("Sites (several for one bulk observation)", list(labels), default, format_func=labels.get)
if not chosen:
    st.stop()

# The revision each site had when the editor first saw it: a later write by someone else is a conflict.
seen = st.session_state.setdefault("seen_revisions", {})
seen.update(store.revisions([s for s in chosen if s not in seen]))
now = sites[sites["id"].isin(chosen)]
st.dataframe(
    pd.DataFrame(
        {
            "Site": now["name"],
            "Status": now["status"].map(STATUSES),
            "Progress %": now["restoration_progress"],
            "Designations": now["designations"].map(lambda ds: ", ".join(DESIGNATIONS[d] for d in ds)),
            "Source": now["source"],
        }
    ),
    hide_index=True,
)

field = st.radio("What changed", list(FIELDS), format_func=FIELDS.get, horizontal=True)
with st.form("observation", clear_on_submit=False):
    # Status and progress are seen on the same visit: one form, one submission, both observations
    # written together (or neither). Either may be left as it is.
    values: dict[str, object] = {}
    if field == "condition":
        status = st.selectbox("New status", [None, *STATUSES], format_func=lambda s: STATUSES.get(s, "unchanged"))
        progress = st.number_input(
            "Restoration progress (%)", 0.0, 100.0, value=None, step=5.0, placeholder="unchanged"
        )
        values = {
            name: value for name, value in (("status", status), ("restoration_progress", progress)) if value is not None
        }
    else:
        values["designations"] = st.multiselect("Designations", list(DESIGNATIONS), format_func=DESIGNATIONS.get)
    observed = st.date_input("Observed on", dt.date.today(), max_value=dt.date.today())
    source = st.text_input(
        "Source (required)", placeholder="Inspection report 2026/14, Ministry of Culture", max_chars=1000
    )
    source_url = st.text_input("Source link (http or https)", max_chars=2000)
    note = st.text_area("Note", max_chars=2000)
    submitted = st.form_submit_button(
        f"Record for {len(chosen)} site{'s' if len(chosen) > 1 else ''}", disabled=not writable
    )

if submitted and not values:
    st.warning("Choose a new status or a restoration progress: there is nothing to record yet.")
elif submitted:
    new = [
        NewObservation(site, name, value, observed, source, editor, source_url or None, note or None)
        for site in chosen
        for name, value in values.items()
    ]
    try:
        store.record(new, {site: seen[site] for site in chosen})
    except Conflict as conflict:
        st.error(plain(conflict), icon=":material/sync_problem:")
        seen.update(store.revisions(conflict.site_ids))  # they have now been shown the newer state
        for site in conflict.site_ids:
            st.markdown(f"**{plain(labels[site])}**: the newer state")
            history_table(store.observations(site))
    except StoreError as error:
        st.error(str(error))
    else:
        seen.update(store.revisions(chosen))
        st.success(f"Recorded for {len(chosen)} site{'s' if len(chosen) > 1 else ''}.")

if len(chosen) == 1:
    st.subheader("History", anchor=False)
    observations = store.observations(chosen[0])
    history_table(observations)
    standing = observations[~observations["withdrawn"] & (observations["field"] != "withdrawal")]
    if not standing.empty:
        with st.form("withdraw"):
            words = {row["id"]: observation_words(row) for _, row in standing.iterrows()}
            target = st.selectbox("Withdraw observation", list(words), format_func=words.get)
            reason = st.text_input("Why (required)", max_chars=1000)
            if st.form_submit_button("Withdraw", disabled=not writable):
                try:
                    store.withdraw(int(target), reason, editor, {chosen[0]: seen[chosen[0]]})
                    seen.update(store.revisions(chosen))
                    st.success(f"Observation #{target} withdrawn.")
                except Conflict as conflict:
                    seen.update(store.revisions(conflict.site_ids))
                    st.error(str(conflict))
                except StoreError as error:
                    st.error(str(error))
