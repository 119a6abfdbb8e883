"""URL fields: only a plain http(s) URL passes, so no link can carry another link or Markdown."""

from __future__ import annotations

import pytest

from heritage.schema import RecordError, clean_url

INJECTED = "https://a.example/x\n\n<https://evil.example/login>\n\n![t][r]\n\n[r]:https://tracker.example/p.png"


@pytest.mark.parametrize(
    "url",
    [INJECTED, "https://a.example/a b", "https://a.example/\tx", "https://a.example/\x01", "https://a.example/\u2028x"],
)
def test_urls_with_whitespace_or_control_characters_are_refused(url):
    with pytest.raises(RecordError) as refused:
        clean_url("source_url", url)
    assert refused.value.field == "source_url"
    assert "contains spaces or control characters" in refused.value.message
    assert "\n" not in refused.value.message


@pytest.mark.parametrize(
    "url",
    ["https://az.wikipedia.org/wiki/Qız_qalası_(Bakı)", "http://x.example/a?b=c&d=e#f", "  https://a.example/  "],
)
def test_plain_urls_pass(url):
    assert clean_url("source_url", url) == url.strip()
