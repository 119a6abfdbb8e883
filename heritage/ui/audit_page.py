"""The audit trail page's flow, for administrators: sign-ins, observations, proposals, reviews, imports, backups."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from heritage.audit import ACTIONS
from heritage.i18n import N_, NC_
from heritage.ui import data as ui_data
from heritage.ui.auth import require_role
from heritage.ui.language import current_translator

# Each action as a reader says it (the trail stores the word on the left; the CLI prints it).
ACTION_WORDS = {
    "sign-in": NC_("audit", "Signed in"),
    "sign-in-failed": NC_("audit", "Sign-in failed"),
    "sign-out": NC_("audit", "Signed out"),
    "observation": NC_("audit", "Observation"),
    "proposal": NC_("audit", "Proposal"),
    "review": NC_("audit", "Review"),
    "withdrawal": NC_("audit", "Withdrawal"),
    "import": NC_("audit", "Import"),
    "evidence": NC_("audit", "Evidence files"),
    "live-start": NC_("audit", "Live session started"),
    "live-end": NC_("audit", "Live session ended"),
    "backup": NC_("audit", "Backup"),
    "restore": NC_("audit", "Restore"),
}
assert set(ACTION_WORDS) == set(ACTIONS), "every action of heritage.audit has its words"
SHOWN = 2000  # the newest lines; the command line (`python -m heritage audit`) prints them all


def audit_page() -> None:
    """Administrators only: choose a start day and actions, read the trail (newest SHOWN lines)."""
    t = current_translator()
    _ = t.gettext
    require_role("admin", N_("The audit trail"))
    store = ui_data.store()
    st.title(_("Audit trail"), anchor=False)
    st.caption(
        _(
            "Who did what and when, from which copy of the dashboard (host/process). Nothing here can be changed. "
            "All of it: python -m heritage audit --since YYYY-MM-DD"
        )
    )
    since, actions = st.columns([1, 2])
    day = since.date_input(_("Since"), dt.date.today() - dt.timedelta(days=30), max_value=dt.date.today())
    chosen = actions.multiselect(
        _("What"),
        list(ACTIONS),
        default=[],
        placeholder=_("All actions"),
        format_func=lambda a: t.pgettext("audit", ACTION_WORDS[a]),
    )
    trail = store.audit_trail(dt.datetime.combine(day, dt.time(), dt.UTC), limit=SHOWN)
    if chosen:
        trail = trail[trail["action"].isin(chosen)]
    trail_table(trail)


def trail_table(trail: pd.DataFrame) -> None:
    """The trail's lines in the reader's words, and how many."""
    t = current_translator()
    _ = t.gettext
    st.dataframe(
        pd.DataFrame(
            {
                _("When (UTC)"): pd.to_datetime(trail["at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S"),
                # TRANSLATORS: column of the audit trail: the account (or the name tried, for a failed sign-in).
                _("Who"): trail["who"],
                _("What"): [t.pgettext("audit", ACTION_WORDS.get(a, a)) for a in trail["action"]],
                _("Detail"): trail["detail"],
                _("Copy"): trail["copy"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t.ngettext("{count} line.", "{count} lines.", len(trail)).format(count=t.number(len(trail))))
