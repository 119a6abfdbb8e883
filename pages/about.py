"""About the data: what it is, where it comes from, and what the statuses mean."""

import streamlit as st

from heritage.conditions import condition_counts, unplaced_statements
from heritage.coverage import COUNTRY, RETURNED, context_statements, coverage
from heritage.i18n import N_
from heritage.schema import STATUSES, status_label
from heritage.sources import DEFAULT_DATA, data_path
from heritage.ui import data as ui_data
from heritage.ui.language import app_title, current_translator
from heritage.ui.navigation import within_app
from heritage.ui.text import markdown_link, plain

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

dataset = ui_data.dataset()
t = current_translator()
_ = t.gettext
# The sources below describe the shipped file only; another data file (HERITAGE_DATA) is named
# by its own title and not credited to the Azerbaijani registry.
shipped = data_path().resolve() == DEFAULT_DATA.resolve()
st.title(_("About the data"), anchor=False)
count = t.number(len(dataset.sites))
if not shipped:
    st.markdown(
        plain(_("The map shows {count} sites from the data file “{title}”.").format(count=count, title=app_title()))
    )
else:
    st.markdown(
        _(
            """
The map shows **{count} heritage sites**. The shipped dataset is built by
`scripts/build_sites.py` from public sources; `data/SOURCES.md` in the repository lists them
with their licences.

- **Monuments and their coordinates:** the Azerbaijani national heritage registry as recorded in
  Wikidata (property P13410), CC0. Each site links to its Wikidata item.
- **UNESCO World Heritage inscriptions and years:** the UNESCO World Heritage List.
- **ICESCO Islamic World Heritage:** the inscriptions named by ICESCO (reported by Azernews, 4 November 2020).
- **Regions and the offline basemap:** Natural Earth, public domain.
"""
        ).format(count=plain(count))
    )
st.markdown(
    _(
        """
A conservation status or a restoration progress is shown only where a public source states it,
and that source is named on the site. Everything else is *unknown*: an unknown status is not a
statement that a site is intact.
"""
    )
)
counts = condition_counts(dataset.sites)
if shipped:
    st.subheader(_("The condition record"), anchor=False)
    st.markdown(
        _(
            "Conditions come from public statements (`data/observations.csv`, built from "
            "`data/source/condition-statements/`), each shown on its site with its publisher and link. "
            "**{sourced} sites** have a sourced status; **{contested}** are marked *sources disagree*."
        ).format(sourced=plain(t.number(sum(counts.by_status.values()))), contested=plain(t.number(counts.contested)))
    )
    left, right = st.columns(2)
    left.dataframe(
        {_("Status"): [status_label(s, t) for s in counts.by_status], _("Sites"): list(counts.by_status.values())},
        hide_index=True,
    )
    right.dataframe(
        {
            _("Publisher of the current status"): list(counts.by_publisher),
            _("Sites"): list(counts.by_publisher.values()),
        },
        hide_index=True,
    )
    unplaced = unplaced_statements()
    if len(unplaced):
        st.caption(
            _("{count} statements name monuments that could not be placed on the map, and why:").format(
                count=t.number(len(unplaced))
            )
        )
        columns = {"file": _("File"), "row": _("Row"), "monument": _("Monument"), "reason": _("Why")}
        st.dataframe(unplaced.rename(columns=columns), hide_index=True)
if shipped:
    st.subheader(_("How much of the country the map holds"), anchor=False)
    held = coverage(dataset.sites)

    def cited(figures) -> str:
        """Each publisher of a figure, with its date and link (text escaped, link made safe)."""
        return "; ".join(f"{markdown_link(f.publisher, f.url)}, {plain(f.date)}" for f in figures)

    with st.container(key="coverage"):
        st.markdown(
            _(
                "The national registry of immovable monuments holds **{total}** monuments ({sources}). "
                "The map holds **{held}** of them ({share} %), counted by distinct registry number."
            ).format(
                total=plain(t.number(int(COUNTRY))),
                sources=cited(held.country),
                held=plain(t.number(held.held)),
                share=plain(t.number(100 * held.held / int(COUNTRY), 1)),
            )  # fmt: skip
        )
        st.markdown(
            _(
                "Of the **{total}** registered in the districts returned in 2020 ({sources}), the map holds "
                "**{held}** ({share} %)."
            ).format(
                total=plain(t.number(int(RETURNED))),
                sources=cited(held.returned),
                held=plain(t.number(held.held_returned)),
                share=plain(t.number(100 * held.held_returned / int(RETURNED), 1)),
            )  # fmt: skip
        )
        st.markdown(
            _(
                "A monument missing from the map is missing from the data at hand: nothing is known here of its "
                "condition, and it is never counted as intact."
            )
        )
    context = context_statements()
    if context:
        st.caption(_("About a region or the registry, not one monument (context, never a site's status):"))
        st.markdown(
            "\n".join(
                f"- {plain(c['date'])} · {markdown_link(c['publisher'], c['url'])}: {plain(c['claim'])}"
                for c in context
            )
        )
st.subheader(_("What the statuses mean"), anchor=False)
MEANINGS = {
    "intact": N_("A source states the site is in good condition."),
    "at_risk": N_("A source states a threat: neglect, development, conflict or natural hazards."),
    "damaged": N_("A source states the site is partly damaged."),
    "destroyed": N_("A source states the site is destroyed or lost."),
    "under_restoration": N_("Restoration work has started; progress shows how far, where stated."),
    "restored": N_("A source states the restoration is complete."),
    "unknown": N_("No public source used here states the site's condition."),
}
for status in STATUSES:
    meaning = _(MEANINGS[status])
    st.markdown(f"- **{plain(status_label(status, t))}**: {plain(meaning)}")
updated = dataset.sites["updated"].dropna()
if len(updated):
    first, last = str(updated.min()), str(updated.max())
    try:
        first, last = t.date(first), t.date(last)
    except ValueError:
        pass
    st.caption(plain(_("Records last updated between {first} and {last}.").format(first=first, last=last)))
