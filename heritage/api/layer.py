"""`/api/layer`: the map's marker layer for a view, so a pan or zoom runs no script.

    GET /api/layer?<a link's filter, site, present and lang parameters>&bbox=S,W,N,E&zoom=Z

The query is a link's own (heritage/links.py reads it, with the same declarations and the
same rules), plus the box the map shows and its zoom. The answer is the JSON sites.js draws
(heritage/layer.py), computed once per data version, filter and area (the box padded and grown
to whole tiles, so viewers with different windows share it), with an ETag: a browser that
has it gets 304. A bad parameter gets 400 and one sentence.

Every answer says what it cost in a `Server-Timing` header (shown by a browser's developer
tools, read by benchmarks/layer.py): `route` the whole of the route's work in milliseconds,
`layer` computing the layer when it was not cached, `cached` when the cache answered.
"""

from __future__ import annotations

import hashlib
import json
import math
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from heritage import links
from heritage.api.answers import refused
from heritage.api.events import POLL
from heritage.current import current_or_none
from heritage.extent import MAX_ZOOM, MIN_ZOOM, Bounds
from heritage.layer import layer_area, view_layer
from heritage.recent import Recent

LAYER_ZOOMS = range(MIN_ZOOM, MAX_ZOOM + 1)  # the zooms a link's view= may name (heritage/extent.py)
ROUTE_ONLY = ("bbox", "zoom")  # the route's own parameters; the rest are a link's
NOT_FOR_LAYER = ("view", "scene", "follow")  # a link's, but they do not change the layer
CACHE_ENTRIES = 512
# The store's version may be a read this recent (current.recent_answer): a room of followers
# fetching the layer after a presenter's move shares one read, not one each.
VERSION_AGE = POLL  # seconds: the live events reader's own pace


class BadRequest(ValueError):
    """A parameter the route cannot answer, said in one sentence."""


def _one(request: Request, name: str) -> str:
    values = request.query_params.getlist(name)
    if len(values) != 1:
        raise BadRequest(f"Expected one {name} parameter.")
    return values[0]


def parse_area(request: Request) -> tuple[Bounds, int]:
    """The box and zoom the map shows, checked: finite numbers, in range, south below north."""
    text, zoom_text = _one(request, "bbox")[:200], _one(request, "zoom")[:20]
    try:
        south, west, north, east = (float(part) for part in text.split(","))
    except ValueError:
        raise BadRequest(f"Ignored bbox={text[:40]}: expected south,west,north,east in degrees.") from None
    if not all(math.isfinite(x) for x in (south, west, north, east)) or not (
        -90 <= south < north <= 90 and -180 <= west < east <= 180
    ):
        ranges = "latitudes from -90 to 90, longitudes from -180 to 180, south < north, west < east"
        raise BadRequest(f"Ignored bbox={text[:40]}: {ranges}.")
    if not zoom_text.isascii() or not zoom_text.isdigit() or int(zoom_text) not in LAYER_ZOOMS:
        raise BadRequest(
            f"Ignored zoom={zoom_text[:40]}: expected a whole number from {LAYER_ZOOMS[0]} to {LAYER_ZOOMS[-1]}."
        )
    return Bounds(south, west, north, east), int(zoom_text)


def parse_view(request: Request, regions) -> links.ViewState:
    """The link part of the query, read by heritage/links.py; any note makes it a bad request."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name not in ROUTE_ONLY and name not in NOT_FOR_LAYER:
            params.setdefault(name, []).append(value)
    parsed = links.parse(params, regions=regions)
    if parsed.notes:
        raise BadRequest(parsed.notes[0])
    return parsed.state


_cache: Recent[tuple[str, bytes, str]] = Recent(CACHE_ENTRIES)


def _layer(data, state: links.ViewState, area: Bounds, zoom: int) -> tuple[str, bytes, str]:
    """(ETag, JSON, Server-Timing part) for this data version and view; computed once, then shared."""
    key = (data.key, state.site_filter, area, zoom, state.site, state.present, state.language or "en")
    computed = []

    def compute() -> tuple[str, bytes, str]:
        started = time.perf_counter()
        layer = view_layer(data, state.site_filter, area, zoom, state.site, state.present, state.language or "en")
        body = json.dumps(layer.payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        etag = '"' + hashlib.sha256(repr(key).encode("utf-8") + body).hexdigest()[:32] + '"'
        computed.append(True)
        return etag, body, f"layer;dur={_ms(started)}"

    etag, body, timing = _cache.get(key, compute)
    return etag, body, timing if computed else "cached"


def _ms(since: float) -> str:
    return f"{(time.perf_counter() - since) * 1000:.1f}"


def _layer_as_of(data, state: links.ViewState, area: Bounds, zoom: int) -> tuple[str, bytes, str]:
    """The layer of the record as it stood on the view's `date=` (today by default), as the page draws it."""
    dated = data.as_of(state.site_filter.day, state.site_filter.since_day)
    return _layer(dated, state, area, zoom)


async def layer(request: Request) -> Response:
    started = time.perf_counter()
    try:
        bounds, zoom = parse_area(request)
    except BadRequest as error:
        return refused(str(error))
    data = await run_in_threadpool(current_or_none, VERSION_AGE)
    if data is None:
        return refused("The sites cannot be read just now.", 503)
    try:
        state = parse_view(request, data.regions)
    except BadRequest as error:
        return refused(str(error))
    etag, body, timing = await run_in_threadpool(_layer_as_of, data, state, layer_area(bounds, zoom), zoom)
    # Revalidated on every use (the data may change), answered with 304 when it did not.
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Server-Timing": f"route;dur={_ms(started)}, {timing}"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


ROUTES = [Route("/api/layer", layer, methods=["GET"])]
