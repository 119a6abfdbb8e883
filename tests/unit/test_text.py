"""Text for Streamlit's Markdown: data reaches the page as text, links cannot carry Markdown."""

from __future__ import annotations

from heritage.ui.text import link_target, markdown_link, plain


def test_plain_escapes_markdown_links_and_latex():
    assert plain("[Sign in again](https://evil.example/login) $x$") == (
        r"\[Sign in again\]\(https\://evil\.example/login\) \$x\$"
    )


def test_a_wikipedia_link_with_parentheses_keeps_its_whole_target():
    url = "https://az.wikipedia.org/wiki/Qız_qalası_(Bakı)"
    assert link_target(url) == "https://az.wikipedia.org/wiki/Q%C4%B1z_qalas%C4%B1_%28Bak%C4%B1%29"
    assert markdown_link(url, url) == (
        r"[https\://az\.wikipedia\.org/wiki/Qız\_qalası\_\(Bakı\)]"
        "(https://az.wikipedia.org/wiki/Q%C4%B1z_qalas%C4%B1_%28Bak%C4%B1%29)"
    )


def test_a_target_cannot_close_the_link_or_open_another():
    target = link_target("https://a.example/x) [y](https://evil.example/ <b>`")
    assert not set(target) & set("()[]<> `\n")
    assert target == "https://a.example/x%29%20%5By%5D%28https://evil.example/%20%3Cb%3E%60"


def test_existing_escapes_and_query_strings_are_kept():
    assert link_target("https://a.example/a%20b?x=1&y=2#z") == "https://a.example/a%20b?x=1&y=2#z"
