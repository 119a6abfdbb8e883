"""Streamlit's own endpoints behind heritage/ui/guards.py, on a served app (`streamlit run app.py`).

A viewer's session cannot park files in the server's memory through the upload endpoint
(F7), and `/_stcore/metrics` is not public (F18). The viewer here is a websocket session at
the Streamlit protocol level, as a script would open it; an editor's upload through the
Import page is tests/browser/test_editing.py::test_an_editor_imports_a_file_and_the_map_shows_the_new_site.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

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


def _read_head(connection: socket.socket, buffer: bytes) -> tuple[int, bytes]:
    """Read one response head from `connection` (after `buffer`): its status and what followed it."""
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            raise AssertionError(f"the server closed the connection without an answer; read: {buffer[:200]!r}")
        buffer += chunk
    head, rest = buffer.split(b"\r\n\r\n", 1)
    return int(head.split(b" ", 2)[1]), rest


def _put(url: str, session_id: str, cookie: str, size: int) -> int:
    """PUT a file of `size` bytes as that session's upload would: the final status code.

    The request says `Expect: 100-continue`, so the body goes only once the server asks for it.
    The guard refuses before reading any body and the server then closes the connection: a client
    still writing a megabyte got a broken pipe instead of the refusal (seen on a loaded machine).
    """
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="blob.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    address = urlsplit(url)
    head = (
        f"PUT /_stcore/upload_file/{session_id}/file-1 HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nX-Xsrftoken: {cookie}\r\n"
        f"Cookie: _streamlit_xsrf={cookie}\r\nContent-Length: {len(body)}\r\n"
        "Expect: 100-continue\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
        connection.sendall(head.encode())
        status, rest = _read_head(connection, b"")
        if status == 100:  # the server reads the body: the upload was let through
            connection.sendall(body)
            status, rest = _read_head(connection, rest)
        return status


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
