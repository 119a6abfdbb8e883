"""The about page's flow: what the data is, where it comes from, how much of the country it holds, what statuses mean.

The sources it names describe the shipped file only; another data file (HERITAGE_DATA) is named
by its own title and not credited to the Azerbaijani registry.
"""

from __future__ import annotations

import streamlit as st

from heritage.conditions import condition_counts, unplaced_statements
from heritage.coverage import COUNTRY, RETURNED, Published, context_statements, coverage
from heritage.dataset import Dataset
from heritage.i18n import N_
from heritage.schema import STATUSES, status_label
from heritage.sources import DEFAULT_DATA, data_path
from heritage.ui.language import app_title, current_translator
from heritage.ui.text import markdown_link, plain

MEANINGS = {
    "intact": N_("A source states the site is in good condition."),
    "at_risk": N_("A source states a threat: neglect, development, conflict or natural hazards."),
    "damaged": N_("A source states the site is partly damaged."),
    "destroyed": N_("A source states the site is destroyed or lost."),
    "under_restoration": N_("Restoration work has started; progress shows how far, where stated."),
    "restored": N_("A source states the restoration is complete."),
    "unknown": N_("No public source used here states the site's condition."),
}


def about_page(dataset: Dataset) -> None:
    """The whole page, top to bottom; the shipped file's sections only when it is the shipped file."""
    shipped = data_path().resolve() == DEFAULT_DATA.resolve()
    st.title(current_translator().gettext("About the data"), anchor=False)
    sources_section(dataset, shipped)
    if shipped:
        condition_section(dataset)
        coverage_section(dataset)
    meanings_section()
    updated_caption(dataset)


def sources_section(dataset: Dataset, shipped: bool) -> None:
    """How many sites, from which sources; and that unknown is never intact."""
    t = current_translator()
    _ = t.gettext
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


def condition_section(dataset: Dataset) -> None:
    """Where conditions come from, counted by status and by publisher, and the statements left unplaced."""
    t = current_translator()
    _ = t.gettext
    counts = condition_counts(dataset.sites)
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


def cited(figures) -> str:
    """Each publisher of a figure, with its date and link (text escaped, link made safe)."""
    return "; ".join(f"{markdown_link(f.publisher, f.url)}, {plain(f.date)}" for f in figures)


def coverage_section(dataset: Dataset) -> None:
    """How much of the national registry the map holds, in the country and in the districts returned in 2020."""
    t = current_translator()
    _ = t.gettext
    st.subheader(_("How much of the country the map holds"), anchor=False)
    held = coverage(dataset.sites)
    with st.container(key="coverage"):
        share_line(
            _(
                "The national registry of immovable monuments holds **{total}** monuments ({sources}). "
                "The map holds **{held}** of them ({share} %), counted by distinct registry number."
            ),
            COUNTRY, held.country, held.held,
        )  # fmt: skip
        share_line(
            _(
                "Of the **{total}** registered in the districts returned in 2020 ({sources}), the map holds "
                "**{held}** ({share} %)."
            ),
            RETURNED, held.returned, held.held_returned,
        )  # fmt: skip
        st.markdown(
            _(
                "A monument missing from the map is missing from the data at hand: nothing is known here of its "
                "condition, and it is never counted as intact."
            )
        )
    context_list()


def share_line(sentence: str, registered: str, figures: list[Published], held: int) -> None:
    """One sentence of the coverage: the registry's figure with its sources, what the map holds, the share."""
    t = current_translator()
    text = sentence.format(
        total=plain(t.number(int(registered))),
        sources=cited(figures),
        held=plain(t.number(held)),
        share=plain(t.number(100 * held / int(registered), 1)),
    )
    st.markdown(text)


def context_list() -> None:
    """Statements about a region or the registry: context, never a site's status."""
    context = context_statements()
    if context:
        st.caption(
            current_translator().gettext(
                "About a region or the registry, not one monument (context, never a site's status):"
            )
        )
        st.markdown(
            "\n".join(
                f"- {plain(c['date'])} · {markdown_link(c['publisher'], c['url'])}: {plain(c['claim'])}"
                for c in context
            )
        )


def meanings_section() -> None:
    """Each status and what a source must state for it."""
    t = current_translator()
    st.subheader(t.gettext("What the statuses mean"), anchor=False)
    for status in STATUSES:
        meaning = t.gettext(MEANINGS[status])
        st.markdown(f"- **{plain(status_label(status, t))}**: {plain(meaning)}")


def updated_caption(dataset: Dataset) -> None:
    """The span of the records' update dates, as dates in the reader's language where they parse."""
    t = current_translator()
    updated = dataset.sites["updated"].dropna()
    if len(updated):
        first, last = str(updated.min()), str(updated.max())
        try:
            first, last = t.date(first), t.date(last)
        except ValueError:
            pass
        st.caption(plain(t.gettext("Records last updated between {first} and {last}.").format(first=first, last=last)))
