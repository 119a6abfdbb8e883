"""Show data-file text in Streamlit as text: Markdown and LaTeX syntax are escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Kept as they are in a link target: URL syntax and existing %-escapes. Everything else,
# including ( ) [ ] < > and spaces, is percent-encoded, so a target cannot end the link early.
_URL_SAFE = "/:?#@!$&'*+,;=%~"


def plain(value: object) -> str:
    """Escape everything Streamlit's Markdown would interpret, including `$` (LaTeX)."""
    return _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))


def link_target(url: str) -> str:
    """A URL made safe as a Markdown link target: `(Bakı)` becomes `%28Bak%C4%B1%29`."""
    return quote(url, safe=_URL_SAFE)


def markdown_link(label: object, url: str) -> str:
    """`[label](url)` whose label is plain text and whose target cannot inject Markdown."""
    return f"[{plain(label)}]({link_target(url)})"
