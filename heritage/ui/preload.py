"""The map's code asked for with the page, not after the page's first run: the preload adapter.

Streamlit's frontend fetches the code of each kind of element (a multiselect, a slider, a
custom component such as the map) only once a script run first draws one, and React shows
the map's frame only when that code is in: for a new viewer, the map's frame came ~0.5 s
after the run's last message, behind ~50 other files (measured in headless Chromium on the
map page; a page with the map alone had no such wait). The page's HTML already asks for
Streamlit's core files up front (`<link rel="modulepreload">`); this middleware adds the same
links for the custom-component element the map is drawn with, so its frame is made as soon as
the run's messages are in.

Only that element's code is added. Preloading every element's code as well made the first
marker later, not sooner (it delayed Streamlit's own start on 2 cores). Preloading the frame's
own scripts (Leaflet, sites.js) too let the map be made while React still hid the part of the
page that holds it (it hides a part while one of its elements' code loads): a map made with no
size opened at the lowest zoom. Refitting such a map once it had a size moved a link's view by
a fraction of a pixel, so the frame's scripts load as before, from the frame.

Streamlit's build manifest (`static/manifest.json`, Vite's format: each chunk's `file`, `name`,
`imports`) and the `</head>` of its `index.html` are Streamlit internals, read here only;
tests/unit/test_preload.py fails loudly when an upgrade changes them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(streamlit.__file__).resolve().parent / "static"
MANIFEST = STATIC / "manifest.json"
INDEX = STATIC / "index.html"
MAP_ELEMENT = "ComponentInstance"  # the chunk of Streamlit's build that draws a custom component (the map)
HEAD_END = b"</head>"
NOT_PAGES = ("/api/", "/_stcore/", "/static/", "/app/", "/component/", "/media/")


class StreamlitBuildChanged(RuntimeError):
    """Streamlit's build no longer looks as this adapter expects (see the module's docstring)."""


def chunk_files(manifest: dict, name: str) -> list[str]:
    """The files of the chunk `name` and of everything it imports, each once, imports first."""
    keys = [key for key, entry in manifest.items() if entry.get("name") == name and entry.get("isDynamicEntry")]
    if len(keys) != 1:
        raise StreamlitBuildChanged(f"Streamlit's build manifest has {len(keys)} chunks named {name}, not one.")
    files: dict[str, None] = {}

    def visit(key: str) -> None:
        entry = manifest.get(key)
        if entry is None or entry["file"] in files:
            return
        for imported in entry.get("imports", []):
            visit(imported)
        files[entry["file"]] = None

    visit(keys[0])
    return [file for file in files if file.endswith(".js")]


@cache
def preload_links() -> bytes:
    """The lines added before `</head>`: the map element's modules, minus those index.html already has."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    index = INDEX.read_text(encoding="utf-8")
    if HEAD_END.decode() not in index:
        raise StreamlitBuildChanged("Streamlit's index.html has no </head>.")
    modules = [
        f'<link rel="modulepreload" crossorigin href="./{file}">'
        for file in chunk_files(manifest, MAP_ELEMENT)
        if f"./{file}" not in index
    ]
    return "\n".join(modules).encode("ascii")


def is_page_request(scope: Scope) -> bool:
    """A browser asking for a page (Streamlit answers every page path with its index.html)."""
    return scope["type"] == "http" and scope["method"] == "GET" and not scope["path"].startswith(NOT_PAGES)


class PreloadMapCode:
    """Pure ASGI middleware: adds preload_links() to the head of the HTML page Streamlit serves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_page_request(scope):
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        body: list[bytes] = []

        async def add_links(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start" and _is_html(message):
                held = message  # sent with the whole page, its length corrected
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body).replace(HEAD_END, preload_links() + b"\n" + HEAD_END, 1)
            MutableHeaders(raw=held["headers"])["content-length"] = str(len(page))
            await send(held)
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, add_links)


def _is_html(start: Message) -> bool:
    headers = MutableHeaders(raw=list(start["headers"]))
    return start["status"] == 200 and headers.get("content-type", "").startswith("text/html")
