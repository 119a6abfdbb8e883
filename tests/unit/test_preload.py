"""heritage/ui/preload.py: the map's code is asked for with the page's HTML.

The adapter reads two Streamlit internals (its build manifest and the `</head>` of its
index.html): the first tests fail loudly when an upgrade changes either. The middleware
tests run it around a small Starlette app, as app.py runs it around Streamlit's.
"""

from __future__ import annotations

import json

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from heritage.ui import preload
from heritage.ui.preload import PreloadMapCode, StreamlitBuildChanged, chunk_files, preload_links

PAGE = "<!doctype html><html><head><title>t</title></head><body><div id='root'></div></body></html>"


def _manifest() -> dict:
    return json.loads(preload.MANIFEST.read_text(encoding="utf-8"))


def test_streamlits_build_has_one_custom_component_chunk_and_its_files():
    files = chunk_files(_manifest(), preload.MAP_ELEMENT)
    assert files[-1].startswith("static/js/ComponentInstance.")  # the chunk itself, after what it imports
    assert all((preload.STATIC / file).is_file() for file in files)


def test_streamlits_page_has_a_head_to_add_to():
    assert "</head>" in preload.INDEX.read_text(encoding="utf-8")


def test_a_build_without_the_chunk_is_said_so():
    with pytest.raises(StreamlitBuildChanged, match="0 chunks named ComponentInstance"):
        chunk_files(
            {"index.html": {"file": "static/js/index.js", "name": "index", "isEntry": True}}, "ComponentInstance"
        )


def test_links_name_each_file_once_and_none_streamlit_already_preloads():
    links = preload_links().decode()
    index = preload.INDEX.read_text(encoding="utf-8")
    hrefs = [line.split('href="', 1)[1].split('"', 1)[0] for line in links.splitlines()]
    assert len(hrefs) == len(set(hrefs))
    assert not [href for href in hrefs if f'href="{href}"' in index]
    assert any("ComponentInstance." in href for href in hrefs)
    assert all(href.startswith("./static/js/") for href in hrefs)  # Streamlit's own code only: not the frame's scripts


def _client() -> TestClient:
    async def page(request):
        return HTMLResponse(PAGE)

    async def streamed(request):
        async def parts():
            yield PAGE[:20].encode()
            yield PAGE[20:].encode()

        return StreamingResponse(parts(), media_type="text/html")

    async def text(request):
        return PlainTextResponse("</head>")

    routes = [
        Route("/", page),
        Route("/table", page),
        Route("/streamed", streamed),
        Route("/api/layer", page),
        Route("/app/static/x.txt", text),
    ]
    return TestClient(Starlette(routes=routes, middleware=[Middleware(PreloadMapCode)]))


@pytest.mark.parametrize("path", ["/", "/table", "/streamed"])
def test_every_page_gets_the_links_before_its_head_ends(path):
    response = _client().get(path)
    assert response.status_code == 200
    assert preload_links().decode() + "\n</head>" in response.text
    assert response.text.endswith("<div id='root'></div></body></html>")
    assert int(response.headers["content-length"]) == len(response.content)


@pytest.mark.parametrize("path", ["/api/layer", "/app/static/x.txt"])
def test_routes_and_files_pass_untouched(path):
    response = _client().get(path)
    assert "modulepreload" not in response.text
