"""Small answers leave at once: TCP_NODELAY on the server's connections (a gap in Streamlit 1.67).

Streamlit 1.67 binds its listening socket itself (`socket.socket(family)`: protocol 0), and
asyncio turns Nagle's algorithm off only on sockets whose protocol says TCP, so every connection
keeps it. An answer's body, written after its headers, then waits for the client's delayed
acknowledgement (40 ms on Linux) whenever it fits in one segment: a map layer of a few KB, a
live event, a small page message. Linux gives each accepted connection its listener's
TCP_NODELAY, so setting it on the listener once, at startup (`lifespan`, st.App's hook, which
runs after the socket is bound and before the first connection is served), fixes every one.
Measured by benchmarks/layer.py (the route's answer arrived 40 ms after its headers on a
kept-alive connection).
"""

from __future__ import annotations

import os
import socket
from contextlib import asynccontextmanager


def no_delay_on_listeners(folder: str = "/proc/self/fd") -> int:
    """Set TCP_NODELAY on this process's listening TCP sockets; how many. None found where /proc is absent."""
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    found = 0
    for name in names:
        if name.isdigit() and _no_delay_if_listening(int(name)):
            found += 1
    return found


def _no_delay_if_listening(descriptor: int) -> bool:
    try:
        copy = os.dup(descriptor)
    except OSError:
        return False  # closed meanwhile
    try:
        sock = socket.socket(fileno=copy)  # the copy is closed with it; the server's own stays open
    except OSError:
        os.close(copy)  # not a socket
        return False
    with sock:
        try:
            if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
                return False
            if not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                return False
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return True
        except OSError:
            return False


@asynccontextmanager
async def lifespan(app):
    """st.App's startup hook: the listening socket exists, no connection is served yet."""
    no_delay_on_listeners()
    yield
