"""The adapter to Streamlit's private session internals (heritage/ui/streamlit_sessions.py).

These fail loudly when a Streamlit upgrade moves what the upload guard reads: the upload
route's path, the runtime's session lookup, the session state's widget metadata.
"""

from __future__ import annotations

from streamlit.runtime.runtime import Runtime
from streamlit.testing.v1 import AppTest
from streamlit.web.server.starlette import starlette_routes

from heritage.ui.streamlit_sessions import METRICS_PATH, UPLOAD_PREFIX, upload_session_id, view_of_state
from tests.apart import run_apart


def _state_after(script: str):
    app = AppTest.from_string(script).run()
    return app.session_state._state._state  # AppTest's SafeSessionState around Streamlit's SessionState


def test_the_upload_and_metrics_routes_are_where_the_guard_looks():
    assert "/" + starlette_routes._ROUTE_UPLOAD_FILE == UPLOAD_PREFIX + "{session_id}/{file_id}"
    assert "/" + starlette_routes.ROUTE_METRICS == METRICS_PATH
    assert upload_session_id("/_stcore/upload_file/6f1c-aa/file-1") == "6f1c-aa"
    assert upload_session_id("/_stcore/upload_file/") is None
    assert upload_session_id("/_stcore/health") is None


def test_the_runtime_finds_a_session_by_its_id():
    assert callable(Runtime.get_app_session)
    from streamlit.runtime.app_session import AppSession

    assert isinstance(AppSession.__dict__["session_state"], property)


def test_a_page_with_an_uploader_and_an_editor_mark_is_seen():
    view = view_of_state(
        _state_after("import streamlit as st\nst.session_state['upload_editor'] = 'aysel'\nst.file_uploader('File')"),
        ("upload_editor", "absent"),
    )
    assert view.values == {"upload_editor": "aysel"} and view.has_uploader is True


def test_a_page_without_an_uploader_is_seen_as_such():
    view = view_of_state(_state_after("import streamlit as st\nst.text_input('Name')"), ("upload_editor",))
    assert view.values == {} and view.has_uploader is False


def test_uploads_of_a_session_whose_browser_is_gone_are_released(monkeypatch):
    from heritage.ui import guards, streamlit_sessions

    connected = {"a": True, "b": True}
    released: list[str] = []
    monkeypatch.setattr(streamlit_sessions, "is_connected", lambda session_id: connected[session_id])
    monkeypatch.setattr(streamlit_sessions, "release_uploads", released.append)
    uploads = guards.UploadSessions()
    uploads.allowed("a")
    uploads.allowed("b")
    uploads.sweep()
    assert released == []
    connected["b"] = False
    uploads.sweep()
    uploads.sweep()
    assert released == ["b"]


def test_the_runtime_can_release_a_sessions_uploads():
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    assert callable(Runtime.is_active_session) and isinstance(Runtime.__dict__["uploaded_file_mgr"], property)
    assert callable(MemoryUploadedFileManager.remove_session_files)


def _asgi_get(guard, path: str, method: str = "GET") -> int:
    """One request through the guard; the status code of the response it sends."""

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": [], "query_string": b""}
    run_apart(guard(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_metrics_are_served_only_when_configured_and_other_paths_pass(monkeypatch):
    from starlette.responses import PlainTextResponse

    from heritage.ui.guards import StreamlitEndpointGuard

    guard = StreamlitEndpointGuard(PlainTextResponse("inner"))
    monkeypatch.delenv("HERITAGE_METRICS", raising=False)
    assert _asgi_get(guard, "/_stcore/metrics") == 404
    assert _asgi_get(guard, "/_stcore/health") == 200
    monkeypatch.setenv("HERITAGE_METRICS", "on")
    assert _asgi_get(guard, "/_stcore/metrics") == 200
    assert _asgi_get(guard, "/_stcore/upload_file/no-such-session/f", "PUT") == 403  # no runtime: no session
