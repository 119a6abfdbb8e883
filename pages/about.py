"""About the data: what it is, where it comes from, and what the statuses mean."""

import streamlit as st

from heritage.conditions import condition_counts, unplaced_statements
from heritage.schema import STATUSES
from heritage.ui import data as ui_data
from heritage.ui.navigation import within_app
from heritage.ui.text import plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
st.title("About the data", anchor=False)
st.markdown(
    f"""
The map shows **{len(dataset.sites):,} heritage sites**. The shipped dataset is built by
`scripts/build_sites.py` from public sources; `data/SOURCES.md` in the repository lists them
with their licences.

- **Monuments and their coordinates:** the Azerbaijani national heritage registry as recorded in
  Wikidata (property P13410), CC0. Each site links to its Wikidata item.
- **UNESCO World Heritage inscriptions and years:** the UNESCO World Heritage List.
- **ICESCO Islamic World Heritage:** the inscriptions named by ICESCO (reported by Azernews, 4 November 2020).
- **Regions and the offline basemap:** Natural Earth, public domain.

A conservation status or a restoration progress is shown only where a public source states it,
and that source is named on the site. Everything else is *unknown*: an unknown status is not a
statement that a site is intact.
"""
)
st.subheader("The condition record", anchor=False)
counts = condition_counts(dataset.sites)
st.markdown(
    f"Conditions come from public statements (`data/observations.csv`, built from "
    f"`data/source/condition-statements/`), each shown on its site with its publisher and link. "
    f"**{sum(counts.by_status.values()):,} sites** have a sourced status; "
    f"**{counts.contested:,}** are marked *sources disagree*."
)
left, right = st.columns(2)
left.dataframe(
    {"Status": [STATUSES[s] for s in counts.by_status], "Sites": list(counts.by_status.values())}, hide_index=True
)
right.dataframe(
    {"Publisher of the current status": list(counts.by_publisher), "Sites": list(counts.by_publisher.values())},
    hide_index=True,
)
unplaced = unplaced_statements()
if len(unplaced):
    st.caption(f"{len(unplaced)} statements name monuments that could not be placed on the map, and why:")
    columns = {"file": "File", "row": "Row", "monument": "Monument", "reason": "Why"}
    st.dataframe(unplaced.rename(columns=columns), hide_index=True)
st.subheader("What the statuses mean", anchor=False)
MEANINGS = {
    "intact": "A source states the site is in good condition.",
    "at_risk": "A source states a threat: neglect, development, conflict or natural hazards.",
    "damaged": "A source states the site is partly damaged.",
    "destroyed": "A source states the site is destroyed or lost.",
    "under_restoration": "Restoration work has started; progress shows how far, where stated.",
    "restored": "A source states the restoration is complete.",
    "unknown": "No public source used here states the site's condition.",
}
for status, label in STATUSES.items():
    st.markdown(f"- **{plain(label)}**: {plain(MEANINGS[status])}")
updated = dataset.sites["updated"].dropna()
if len(updated):
    st.caption(f"Records last updated between {updated.min()} and {updated.max()}.")
