"""Stored or supplied text made safe to print on an administrator's terminal.

A source, a note or a data file's value may hold an ESC sequence (which can retitle or clear
a terminal, or fake earlier output), a carriage return (which overwrites the line) or a
bidirectional override (which reorders what is shown). Every such character is written as
its Python escape (`\\x1b`, `\\r`, `\\u202e`), so the line shows exactly what is stored.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: object) -> str:
    """`text` as a string whose control and bidi characters are shown escaped, never obeyed."""
    return _UNSAFE.sub(_escaped, str(text))
