"""`/api/evidence/{id}`: an evidence file, from the store, so every copy behind the proxy serves it.

Only files the public may see are served: those of observations that count (never a
proposal that is waiting or was rejected; its reviewer sees it on the Review page). Every
answer says `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy, so
a browser never runs anything in it; a PDF is only ever a download
(`Content-Disposition: attachment`); photographs, re-encoded when stored, open inline. The
file name is ours (evidence-ID.EXT): the uploaded name never reaches a header.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from heritage import current
from heritage.evidence import EXTENSIONS, MEDIA_TYPES
from heritage.store import StoreError, StoreUnavailable

SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
}


def _file(evidence_id: int) -> dict | None:
    """From the store the other routes use (heritage.current: opened once per URL)."""
    store = current.store()
    if store is None:
        raise StoreUnavailable("not answering")
    return store.evidence_file(evidence_id)


async def evidence(request: Request) -> Response:
    evidence_id = request.path_params["evidence_id"]
    try:
        file = await run_in_threadpool(_file, evidence_id)
    except StoreError:
        return PlainTextResponse("The store is not answering just now.", status_code=503, headers=SAFE_HEADERS)
    if file is None or not file["counts"]:
        return PlainTextResponse("There is no such evidence file.", status_code=404, headers=SAFE_HEADERS)
    kind = file["kind"]
    disposition = "attachment" if kind == "pdf" else "inline"
    headers = {
        **SAFE_HEADERS,
        "Content-Disposition": f'{disposition}; filename="evidence-{evidence_id}.{EXTENSIONS[kind]}"',
    }
    return Response(bytes(file["data"]), media_type=MEDIA_TYPES[kind], headers=headers)


ROUTES = [Route("/api/evidence/{evidence_id:int}", evidence, methods=["GET"])]
