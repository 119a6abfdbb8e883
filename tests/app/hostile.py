"""Hostile links (issue 7) and a check that a page shows no traceback; shared by app tests.

`HOSTILE_LINKS` are query parameters a stranger could put in a shared link. `assert_clean`
looks through every element an AppTest run produced for traceback text, exception class
names, the page guard's failure sentence and Markdown links to the attacker's pages.
Reusable for other failure cases (a failing store): open the page, then assert_clean(app).
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

HOSTILE_LINKS: dict[str, dict[str, str | list[str]]] = {
    "scene superscript": {"scene": "²"},
    "scene circled": {"scene": "①", "present": "1"},
    "scene huge": {"scene": "9" * 5000},
    "search as a link": {"q": "[Sign in again](https://evil.example/login)"},
    "status as a link": {"status": "[x](https://ev.il/a)"},
    "2,000 statuses": {"status": ",".join(["x"] * 1000 + [f"[y{i}](https://ev.il/{i})" for i in range(1000)])},
    "region with a comma": {"region": ["Bakı, Səbail", "Şəki"]},
    "site as a link": {"site": "[x](https://evil.example/login)"},
    "site as html": {"site": "<img src=x onerror=alert(1)>"},
    "view overflow": {"view": "1e999,-1e999,99999999999999999999"},
    "year overflow": {"year": "9" * 400 + "-1"},
    "unknown parameter as a link": {"[z](https://evil.example/)": "1"},
    "search as a bare URL": {"q": "https://evil.example/login"},
    "search as www": {"q": "www.evil.example"},
    "search as an e-mail": {"q": "admin@evil.example"},
    "region after blank lines": {"region": "\n\n[y](https://evil.example/b)"},
    "bidi override in a note": {"status": "\u202egnp.exe"},
}

PAGES = ("pages/map.py", "pages/table.py", "pages/progress.py", "pages/site.py", "pages/about.py", "pages/editors.py")

TRACEBACK_SIGNS = re.compile(
    r"Traceback|File \"|\.py\"|, line \d+|\b[A-Z]\w*(Error|Exception)\b|could not be shown completely"
)
# A Markdown link whose target is one of the attacker's hosts; escaped text (`\](`) is fine.
MARKDOWN_LINK_OUT = re.compile(r"(?<!\\)\]\((https?:)?/{0,2}(evil\.example|ev\.il)")
# What GitHub-flavoured Markdown links by itself once escapes are resolved (remark-gfm's
# autolink literals): a bare http(s):// URL, www. text, an e-mail address.
AUTOLINK_OUT = re.compile(r"(?i)(https?://|\bwww\.|[-.\w+]+@)[-\w.]*?(evil\.example|ev\.il)")


def page_text(app: AppTest) -> str:
    """Everything the run sent to the browser, element by element, as text."""
    return "\n".join(str(node.proto) for node in app._tree if getattr(node, "proto", None) is not None)


# Elements whose text Streamlit renders as Markdown; widget values, tables, code and the
# map's data are shown as text (the map escapes in the browser), so they may hold anything.
MARKDOWN_ELEMENTS = {
    "markdown", "caption", "info", "warning", "error", "success", "toast", "title", "header", "subheader",
    "metric", "button", "download_button", "link_button", "expander", "popover", "tab", "exception",
}  # fmt: skip


def markdown_text(app: AppTest) -> str:
    """The text of the elements that render Markdown, and every widget's label."""
    parts = []
    for node in app._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if node.type in MARKDOWN_ELEMENTS:
            parts.append(str(proto))
        elif getattr(proto, "label", None):
            parts.append(str(proto.label))
    return "\n".join(parts)


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    sign = TRACEBACK_SIGNS.search(text)
    assert sign is None, text[max(sign.start() - 200, 0) : sign.end() + 200]
    rendered = markdown_text(app)
    link = MARKDOWN_LINK_OUT.search(rendered)
    assert link is None, rendered[max(link.start() - 200, 0) : link.end() + 200]
    read = re.sub(r"\\\\(.)", r"\1", rendered)  # as the reader sees it: Markdown escapes resolved
    link = AUTOLINK_OUT.search(read)
    assert link is None, read[max(link.start() - 200, 0) : link.end() + 200]
