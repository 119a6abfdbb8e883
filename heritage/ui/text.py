"""Show data-file text in Streamlit as text: Markdown and LaTeX syntax are escaped."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(value: object) -> str:
    """Escape everything Streamlit's Markdown would interpret, including `$` (LaTeX)."""
    return _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))
