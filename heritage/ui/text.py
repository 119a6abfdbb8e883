"""Show text that a URL, a file or a person supplied as text: never a link, never Markdown.

Streamlit renders captions, alerts, headings and button labels as GitHub-flavoured Markdown.
Escaping its syntax is not enough: GFM turns bare `https://...`, `www.` and e-mail text into
links *after* the escapes are resolved. `plain()` therefore also puts an invisible WORD JOINER
(U+2060) between `:` and `//`, after `@` and between `www` and `.`, which no autolink pattern spans.
Every such text reaches the page through `plain()` (or `show_error()` / `show_note()`, which use
it); the browser test tests/browser/test_hostile_links.py checks no link out reaches the page.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import streamlit as st

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Where GFM starts an autolink: `://` (http, https), an e-mail's `@` (also in mailto: and xmpp:),
# `www.`. Only there: a colon in a sentence ("2 scenes: press →") stays as it is.
_AUTOLINK = re.compile(r"(:(?=//)|@|(?i:www)(?=\.))")
WORD_JOINER = "\u2060"  # zero width, no line break, ignored by screen readers and search
# Kept as they are in a link target: URL syntax and existing %-escapes. Everything else,
# including ( ) [ ] < > and spaces, is percent-encoded, so a target cannot end the link early.
_URL_SAFE = "/:?#@!$&'*+,;=%~"


def plain(value: object) -> str:
    """`value` as Markdown that shows exactly its text: syntax escaped, `$` (LaTeX) too, no autolink."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub(r"\1" + WORD_JOINER, text))


def shown(markdown: str) -> str:
    """What a person reads of `plain()` text: the escapes and word joiners taken out (for tests)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def show_error(error: object, icon: str | None = None) -> None:
    """An error's sentence as plain text: errors quote file names, cells and link values."""
    st.error(plain(error), icon=icon)


def link_target(url: str) -> str:
    """A URL made safe as a Markdown link target: `(Bakı)` becomes `%28Bak%C4%B1%29`."""
    return quote(url, safe=_URL_SAFE)


def markdown_link(label: object, url: str) -> str:
    """`[label](url)` whose label is plain text and whose target cannot inject Markdown."""
    return f"[{plain(label)}]({link_target(url)})"
