"""`/api/health`: tells a proxy or a test that the app's own routes are served."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request: Request) -> JSONResponse:
    """Answers without touching the data, so it stays cheap for a proxy's checks."""
    return JSONResponse({"status": "ok"})


ROUTES = [Route("/api/health", health, methods=["GET"])]
