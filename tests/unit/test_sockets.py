"""Small answers leave at once: the server's connections have TCP_NODELAY (heritage/api/sockets.py)."""

from __future__ import annotations

import socket
import sys

import pytest

from heritage.api.sockets import no_delay_on_listeners

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd; Linux semantics")


def accepted_no_delay(listener: socket.socket) -> int:
    with socket.create_connection(listener.getsockname()):
        connection, _ = listener.accept()
        with connection:
            return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_connections_to_a_listener_bound_as_streamlit_binds_it_get_no_delay():
    with socket.socket(socket.AF_INET) as listener:  # protocol 0, as Streamlit 1.67's _bind_socket makes it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert accepted_no_delay(listener) == 0  # Nagle on: small answers wait for a delayed ACK
        assert no_delay_on_listeners() >= 1
        assert accepted_no_delay(listener) != 0


def test_other_sockets_and_files_are_left_alone(tmp_path):
    with socket.socket(socket.AF_INET) as listener, socket.socket(socket.AF_INET) as unbound:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as client, open(tmp_path / "f", "w"):
            no_delay_on_listeners()
            assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # not a listener
            assert unbound.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert no_delay_on_listeners("/no/such/folder") == 0


def test_streamlit_still_binds_its_socket_without_saying_tcp():
    """Fails once Streamlit binds with IPPROTO_TCP (asyncio then sets TCP_NODELAY itself): drop sockets.py then."""
    from streamlit.web.server.starlette import starlette_server

    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
    with listener:
        listener.setblocking(True)
        assert listener.proto == 0
        assert accepted_no_delay(listener) == 0
