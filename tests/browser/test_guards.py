"""Streamlit's own endpoints behind heritage/ui/guards.py, on a served app (`streamlit run app.py`).

A viewer's session cannot park files in the server's memory through the upload endpoint
(F7), and `/_stcore/metrics` is not public (F18). The viewer here is a websocket session at
the Streamlit protocol level, as a script would open it; an editor's upload through the
Import page is tests/browser/test_editing.py::test_an_editor_imports_a_file_and_the_map_shows_the_new_site.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from http.cookies import SimpleCookie

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.apart import run_apart

pytestmark = pytest.mark.browser

BOUNDARY = "heritage-test-boundary"


def _xsrf_cookie(url: str) -> str:
    """The XSRF cookie the health check sets, as the page's script asks for it first."""
    with urllib.request.urlopen(url + "/_stcore/health", timeout=60) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if "_streamlit_xsrf" in cookie:
                return cookie["_streamlit_xsrf"].value
    raise AssertionError("the health check set no _streamlit_xsrf cookie")


def _put(url: str, session_id: str, cookie: str, size: int) -> int:
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="blob.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/file-1", data=body, method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "X-Xsrftoken": cookie,
                 "Cookie": f"_streamlit_xsrf={cookie}"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def _viewer_puts(url: str, size: int) -> int:
    """Open a viewer session on the map page, then PUT a file as that session: the status code."""
    cookie = _xsrf_cookie(url)
    socket_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(
        socket_url,
        subprotocols=["streamlit"],
        max_size=None,
        additional_headers={"Cookie": f"_streamlit_xsrf={cookie}"},
    ) as socket:
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        message.rerun_script.context_info.url = url + "/"
        await socket.send(message.SerializeToString())
        session_id = ""
        while not session_id:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(socket.recv(), 120))
            if forward.WhichOneof("type") == "new_session":
                session_id = forward.new_session.initialize.session_id
        return await asyncio.to_thread(_put, url, session_id, cookie, size)


def test_a_viewer_session_cannot_upload(app):
    assert run_apart(_viewer_puts(app.url, 1024 * 1024)) == 403
    assert "An upload was refused" in app.log_tail()


def test_metrics_are_not_served_unless_configured(app):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(app.url + "/_stcore/metrics", timeout=60)
    assert refused.value.code == 404
    with urllib.request.urlopen(app.url + "/api/health", timeout=60) as response:  # our own routes still answer
        assert response.status == 200
