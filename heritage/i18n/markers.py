"""Markers for messages defined at import time (labels in dicts), found by Babel's extractor.

A module-level constant cannot be translated when it is defined: nobody's language is
known yet. `N_("Intact")` and `NC_("status", "Intact")` return the English text unchanged
and only tell the extractor (heritage/i18n/extract.py) that it is a message; the page
translates it later with its session's Translator: `t.pgettext("status", STATUSES[code])`.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention the extractor knows
    """Mark a message without context; returns it unchanged."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802
    """Mark a message with a context (e.g. "status"); returns the message unchanged."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a message with a plural form (heritage/i18n/notes.py); returns both forms."""
    return (singular, plural)
