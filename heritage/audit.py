"""The audit trail: who did what, when, and from which copy of the dashboard.

Sign-ins (and failed ones, with the name tried), observations, proposals, reviews,
imports, evidence, live sessions, backups and restores each add one line to the store's
`audit` table. `record` is the one door: it never stops the action it records (a store
that cannot be written loses the line, and says so on standard error).
"""

from __future__ import annotations

import os
import socket
import sys

from heritage.store import Store, StoreError

# What can be recorded; one word each, so the trail can be filtered.
ACTIONS = (
    "sign-in", "sign-in-failed", "sign-out", "observation", "proposal", "review", "withdrawal",
    "import", "evidence", "live-start", "live-end", "backup", "restore",
)  # fmt: skip


def this_copy() -> str:
    """Which copy wrote a line: host name and process id (several copies can share a store)."""
    return f"{socket.gethostname()}/{os.getpid()}"


def record(store: Store | None, who: str, action: str, detail: str = "") -> bool:
    """Add one line; False (and a note on standard error) when it could not be written."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if store is None:
        return False
    try:
        store.audit(who, action, detail, this_copy())
    except StoreError:
        print(f"The audit trail could not be written: {action} by {who}.", file=sys.stderr)
        return False
    return True
