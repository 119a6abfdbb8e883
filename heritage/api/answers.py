"""How every route refuses a request: status 400 and one sentence, as plain text, never a traceback."""

from __future__ import annotations

from starlette.responses import PlainTextResponse


def refused(sentence: str, status_code: int = 400) -> PlainTextResponse:
    """One sentence as text/plain; nosniff so no browser reads it as HTML."""
    return PlainTextResponse(sentence, status_code=status_code, headers={"X-Content-Type-Options": "nosniff"})
