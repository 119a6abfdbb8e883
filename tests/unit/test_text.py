"""Text for Streamlit's Markdown: data reaches the page as text, links cannot carry Markdown."""

from __future__ import annotations

import pytest

from heritage.ui.text import link_target, markdown_link, plain, shown

J = "\u2060"  # the word joiner that breaks an autolink


def test_plain_escapes_markdown_links_and_latex():
    assert plain("[Sign in again](https://evil.example/login) $x$") == (
        r"\[Sign in again\]\(https\:" + J + r"//evil\.example/login\) \$x\$"
    )


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("https://evil.example", "https\\:" + J + "//evil\\.example"),
        ("HTTP://evil.example", "HTTP\\:" + J + "//evil\\.example"),
        ("www.evil.example", "www" + J + "\\.evil\\.example"),
        ("WwW.evil.example", "WwW" + J + "\\.evil\\.example"),
        ("admin@evil.example", "admin@" + J + "evil\\.example"),
        ("mailto:a@evil.example", "mailto\\:a@" + J + "evil\\.example"),
        ("Note: see https://x", "Note\\: see https\\:" + J + "//x"),
    ],
)
def test_plain_breaks_every_gfm_autolink(text, markdown):
    """GFM links bare URLs, www. and e-mail after escapes are resolved: a joiner sits in each."""
    assert plain(text) == markdown
    assert shown(plain(text)) == text


def test_a_wikipedia_link_with_parentheses_keeps_its_whole_target():
    url = "https://az.wikipedia.org/wiki/Qız_qalası_(Bakı)"
    assert link_target(url) == "https://az.wikipedia.org/wiki/Q%C4%B1z_qalas%C4%B1_%28Bak%C4%B1%29"
    assert markdown_link(url, url) == (
        r"[https\:" + J + r"//az\.wikipedia\.org/wiki/Qız\_qalası\_\(Bakı\)]"
        "(https://az.wikipedia.org/wiki/Q%C4%B1z_qalas%C4%B1_%28Bak%C4%B1%29)"
    )


def test_a_target_cannot_close_the_link_or_open_another():
    target = link_target("https://a.example/x) [y](https://evil.example/ <b>`")
    assert not set(target) & set("()[]<> `\n")
    assert target == "https://a.example/x%29%20%5By%5D%28https://evil.example/%20%3Cb%3E%60"


def test_existing_escapes_and_query_strings_are_kept():
    assert link_target("https://a.example/a%20b?x=1&y=2#z") == "https://a.example/a%20b?x=1&y=2#z"
