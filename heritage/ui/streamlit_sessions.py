"""The one adapter to Streamlit's private session internals that the HTTP guards need.

An HTTP request to Streamlit's upload endpoint names a session id; what that session may do
(is an editor signed in, is a file uploader on its page) lives in the session's state, which
Streamlit exposes to no public API outside a script run. Everything private is read here and
nowhere else; tests/unit/test_streamlit_sessions.py fails loudly when Streamlit changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritage.ui.session import state_of

# The upload endpoint's path: /_stcore/upload_file/{session_id}/{file_id}
# (streamlit/web/server/starlette/starlette_routes.py, _ROUTE_UPLOAD_FILE).
UPLOAD_PREFIX = "/_stcore/upload_file/"
METRICS_PATH = "/_stcore/metrics"
# The value type Streamlit gives a st.file_uploader widget in its widget metadata.
FILE_UPLOADER_VALUE = "file_uploader_state_value"


@dataclass(frozen=True)
class SessionView:
    """What the guards need to know of one live session."""

    values: dict  # the session's own keys (st.session_state), read-only copy of the ones asked for
    has_uploader: bool  # a st.file_uploader was on the page of its last run


def upload_session_id(path: str) -> str | None:
    """The session id an upload request names, or None for any other path."""
    if not path.startswith(UPLOAD_PREFIX):
        return None
    session_id, _, _rest = path.removeprefix(UPLOAD_PREFIX).partition("/")
    return session_id or None


def session_view(session_id: str, keys: tuple[str, ...]) -> SessionView | None:
    """The live session's values of `keys` and whether its page has an uploader; None if no such session."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    app_session = runtime.get_instance().get_app_session(session_id)
    if app_session is None:
        return None
    return view_of_state(state_of(app_session), keys)


def view_of_state(state: object, keys: tuple[str, ...]) -> SessionView:
    """The view of one SessionState (Streamlit's, not the st.session_state proxy)."""
    values = {key: state[key] for key in keys if key in state}
    metadata = state._new_widget_state.widget_metadata  # private: widget id -> WidgetMetadata
    has_uploader = any(meta.value_type == FILE_UPLOADER_VALUE for meta in list(metadata.values()))
    return SessionView(values, has_uploader)


def is_connected(session_id: str) -> bool:
    """Whether the session still has its browser connected (a closed tab's session is not)."""
    from streamlit import runtime

    return runtime.exists() and runtime.get_instance().is_active_session(session_id)


def release_uploads(session_id: str) -> None:
    """Drop every file the session uploaded from the server's memory."""
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().uploaded_file_mgr.remove_session_files(session_id)
