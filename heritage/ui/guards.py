"""Middleware in front of Streamlit's own HTTP endpoints, passed to `st.App(middleware=...)` in app.py.

- Uploads (`PUT /_stcore/upload_file/{session}/{file}`) only from a session where an editor is
  signed in and the page shows a file uploader (the Import page): otherwise any viewer could
  park 20 MB files in the server's memory, with no uploader in sight.
- Files an editor uploaded are released as soon as the session's browser is gone: Streamlit
  keeps a disconnected session (and its files) for a while in case the tab comes back.
- `/_stcore/metrics` (sign-in attempts, follow activity, upload bytes, session count) answers
  404 unless HERITAGE_METRICS=on says an administrator wants it.
"""

from __future__ import annotations

import logging
import os

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from heritage.ui import session
from heritage.ui import streamlit_sessions as sessions
from heritage.ui.streamlit_sessions import METRICS_PATH, session_view, upload_session_id

LOG = logging.getLogger("heritage.ui")
UPLOAD_EDITOR = session.upload_editor.key  # set by heritage.ui.auth.require_editor for a signed-in editor
METRICS_SWITCH = "HERITAGE_METRICS"


def metrics_on() -> bool:
    """Off unless HERITAGE_METRICS is on, true, yes or 1."""
    return os.environ.get(METRICS_SWITCH, "").strip().lower() in ("1", "on", "true", "yes")


def may_upload(session_id: str) -> bool:
    """True for a live session with a signed-in editor whose page has a file uploader."""
    view = session_view(session_id, (UPLOAD_EDITOR,))
    return view is not None and bool(view.values.get(UPLOAD_EDITOR)) and view.has_uploader


class UploadSessions:
    """The sessions that were let upload; their files are released once their browser is gone."""

    def __init__(self) -> None:
        self._uploaded: set[str] = set()

    def allowed(self, session_id: str) -> None:
        self._uploaded.add(session_id)

    def sweep(self) -> None:
        """Release the files of every such session no longer connected (cheap when there are none)."""
        for session_id in [s for s in self._uploaded if not sessions.is_connected(s)]:
            sessions.release_uploads(session_id)
            self._uploaded.discard(session_id)


class StreamlitEndpointGuard:
    """Pure ASGI middleware: refuses what a viewer must not reach, passes everything else untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.uploads = UploadSessions()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.uploads.sweep()  # any request will do: health checks and the pages' polls come often
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> PlainTextResponse | None:
        path = scope.get("path", "")
        if path.rstrip("/") == METRICS_PATH and not metrics_on():
            return PlainTextResponse("Not found", status_code=404)
        session_id = upload_session_id(path)
        if session_id is not None and scope.get("method") == "PUT" and not may_upload(session_id):
            LOG.warning("An upload was refused: the session has no signed-in editor on a page with an uploader.")
            return PlainTextResponse("Uploads are for signed-in editors on the Import page.", status_code=403)
        if session_id is not None and scope.get("method") == "PUT":
            self.uploads.allowed(session_id)
        return None
