"""OGC API - Features, Part 1: Core, read-only, at /api: how QGIS, ArcGIS and OWSLib read the sites.

One collection, `sites`. Its items take the link's filter parameters (`status`, `region`,
`year`, `q`, ... parsed by `heritage.links.parse`, the code that reads a shared link), so an item
list and a link of the same view hold the same sites; plus Core's `bbox`, `limit` and `offset`.
A bad parameter is refused with 400 and one sentence; nothing else reaches the client.

Answers are computed once per data version and request and kept (a few hundred); the ETag is
the data version and the request, so a client asking again gets 304 until the data changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlencode

import numpy as np
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from heritage import links
from heritage.api import openapi
from heritage.current import current_dataset
from heritage.dataset import Dataset
from heritage.export import geojson_features
from heritage.filters import MAX_QUERY, param_values
from heritage.licences import licence_links
from heritage.sources import DEFAULT_DATA, DataFileError, data_path

LOG = logging.getLogger(__name__)
COLLECTION = "sites"
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
JSON = "application/json"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
)
# Core's own parameters of the items request; `f` and `crs` as QGIS and browsers send them.
PAGING = ("limit", "offset")
CORE_PARAMETERS = {
    "bbox": "west,south,east,north in degrees (WGS 84): the sites whose marker lies inside",
    "limit": f"sites per page, 1 to {MAX_LIMIT:,} (default {DEFAULT_LIMIT})",
    "offset": "the first site of the page, from 0 (the `next` link gives it)",
    "f": "json (the only format)",
    "crs": f"{CRS84} (the only one)",
    "bbox-crs": f"{CRS84} (the only one)",
}
ITEM_KEYS = frozenset(CORE_PARAMETERS)
FORMATS = ("json", "geojson")
ANSWERS_KEPT = 256


class BadRequest(Exception):
    """A parameter the API cannot honour; the message is the one sentence the client gets."""


def _error(status: int, code: str, description: str) -> JSONResponse:
    return JSONResponse({"code": code, "description": description}, status_code=status)


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/api"


def _link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


# --- answers (pure: request data in, JSON document out) -----------------------------------------


def landing(root: str) -> dict:
    return {
        "title": "Heritage Map: heritage sites of Azerbaijan",
        "description": "Sites with their sourced conservation status, as the dashboard shows them (read-only).",
        "links": [
            _link(root, "self", JSON, "This document"),
            _link(f"{root}/api", "service-desc", openapi.MEDIA_TYPE, "The API definition (OpenAPI 3.0)"),
            _link(f"{root}/conformance", "conformance", JSON, "Conformance classes"),
            _link(f"{root}/collections", "data", JSON, "Collections"),
        ],
    }


def collection(root: str, dataset: Dataset) -> dict:
    bounds = dataset.bounds
    extent = [bounds.west, bounds.south, bounds.east, bounds.north] if bounds else [-180, -90, 180, 90]
    items = f"{root}/collections/{COLLECTION}/items"
    return {
        "id": COLLECTION,
        "title": "Heritage sites",
        "description": (
            "Each site with its current conservation status, restoration progress and designations, each "
            "with its source. Filters as in a link of the dashboard: " + ", ".join(openapi.FILTER_KEYS) + "."
        ),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [extent], "crs": CRS84}},
        "links": [
            _link(f"{root}/collections/{COLLECTION}", "self", JSON, "This collection"),
            _link(items, "items", GEOJSON, "The sites"),
            *licence_links(shipped=data_path().resolve() == DEFAULT_DATA.resolve()),
        ],
    }


def _bbox(values: list[str]) -> tuple[float, float, float, float] | None:
    if not values:
        return None
    try:
        numbers = [float(part) for part in values[0].split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:  # with heights: the sites have none, so only the plane counts
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise BadRequest(f"bbox={values[0][:60]}: expected four numbers, west,south,east,north in degrees.")
    west, south, east, north = numbers
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise BadRequest(f"bbox={values[0][:60]}: south must not exceed north, within -90..90 and -180..180.")
    return west, south, east, north


def _count(values: list[str], name: str, default: int, low: int, high: int) -> int:
    if not values:
        return default
    text = values[0].strip()
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise BadRequest(f"{name}={values[0][:40]}: expected a whole number from {low:,} to {high:,}.")
    return int(text)


def _checked(params: dict[str, list[str]]) -> None:
    """Refuses what the link reader would only note (a link forgives; an API must not guess)."""
    unknown = [name for name in params if name not in links.KNOWN and name not in ITEM_KEYS]
    if unknown:
        raise BadRequest(f"{unknown[0][:40]}: not a parameter of this API.")
    for name in ("f",):
        if (value := (param_values(params, name) or ["json"])[0]) not in FORMATS:
            raise BadRequest(f"f={value[:40]}: this API answers in JSON (f=json).")
    for name in ("crs", "bbox-crs"):
        if (value := (param_values(params, name) or [CRS84])[0]) != CRS84:
            raise BadRequest(f"{name}={value[:80]}: only {CRS84} (longitude, latitude in WGS 84) is offered.")
    if len((param_values(params, "q") or [""])[0]) > MAX_QUERY:
        raise BadRequest(f"q: a search text of at most {MAX_QUERY} characters.")


def _refusal(note: str) -> str:
    """A link note ("Ignored status=x: not a known status.") as the API's refusal."""
    return "Bad parameter " + note.removeprefix("Ignored ") if note.startswith("Ignored ") else note


def items(root: str, dataset: Dataset, params: dict[str, list[str]], now: str) -> dict:
    """The page of the view's sites that `params` asks for, with paging links."""
    _checked(params)
    parsed = links.parse({k: v for k, v in params.items() if k not in ITEM_KEYS}, regions=dataset.regions)
    if parsed.notes:
        raise BadRequest(_refusal(parsed.notes[0]))
    bbox = _bbox(param_values(params, "bbox"))
    limit = _count(param_values(params, "limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _count(param_values(params, "offset"), "offset", 0, 0, 10**9)
    site_filter = parsed.state.site_filter
    dataset = dataset.as_of(site_filter.day, site_filter.since_day)  # `date=`: the record as it stood that day
    mask = dataset.mask(site_filter)
    if bbox is not None:
        west, south, east, north = bbox
        lon, lat = dataset.sites["lon"].to_numpy(), dataset.sites["lat"].to_numpy()
        across = (lon >= west) | (lon <= east) if west > east else (lon >= west) & (lon <= east)  # the antimeridian
        mask = mask & across & (lat >= south) & (lat <= north)
    rows = np.flatnonzero(mask)
    page = rows[offset : offset + limit]
    features = geojson_features(dataset.sites.iloc[page])
    for feature in features:
        feature["id"] = feature["properties"]["id"]
    return {
        "type": "FeatureCollection",
        "timeStamp": now,
        "numberMatched": int(len(rows)),
        "numberReturned": len(features),
        "features": features,
        "links": _page_links(root, params, offset, limit, len(rows)),
    }


def _page_links(root: str, params: dict[str, list[str]], offset: int, limit: int, matched: int) -> list[dict]:
    base = f"{root}/collections/{COLLECTION}/items"

    def at(start: int) -> str:
        kept = [(k, v) for k, values in params.items() if k not in PAGING for v in values]
        return f"{base}?{urlencode([*kept, ('limit', limit), ('offset', start)])}"

    found = [
        _link(at(offset), "self", GEOJSON, "This page"),
        _link(f"{root}/collections/{COLLECTION}", "collection", JSON, "The collection"),
    ]
    if offset + limit < matched:
        found.append(_link(at(offset + limit), "next", GEOJSON, "Next page"))
    if offset > 0:
        found.append(_link(at(max(offset - limit, 0)), "prev", GEOJSON, "Previous page"))
    return found


def item(root: str, dataset: Dataset, site_id: str) -> dict | None:
    row = dataset.position(site_id)
    if row is None:
        return None
    feature = geojson_features(dataset.sites.iloc[[row]])[0]
    feature["id"] = feature["properties"]["id"]
    feature["links"] = [
        _link(f"{root}/collections/{COLLECTION}/items/{site_id}", "self", GEOJSON, "This site"),
        _link(f"{root}/collections/{COLLECTION}", "collection", JSON, "The collection"),
    ]
    return feature


# --- routes: the data version, the cache, the errors ---------------------------------------------

_answers: OrderedDict[tuple, bytes] = OrderedDict()
_answers_lock = threading.Lock()


def _answer(request: Request, media_type: str, build: Callable[[Dataset], dict | None]) -> Response:
    """`build(dataset)` as JSON, computed once per data version and request; 304 for a known ETag."""
    try:
        dataset = current_dataset()
    except (FileNotFoundError, DataFileError):
        return _error(503, "Unavailable", "The data file cannot be read; the dashboard says why.")
    key = (dataset.version, dataset.serial, str(request.url))
    tag = '"' + hashlib.sha256(repr(key[0:1] + key[2:]).encode()).hexdigest()[:32] + '"'
    # Revalidate (the data can change at any time); readable by web clients of any origin: open data.
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    with _answers_lock:
        body = _answers.get(key)
    if body is None:
        try:
            document = build(dataset)
        except BadRequest as error:
            return _error(400, "InvalidParameterValue", str(error))
        if document is None:
            return _error(404, "NotFound", "There is no site with this id.")
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        with _answers_lock:
            _answers[key] = body
            while len(_answers) > ANSWERS_KEPT:
                _answers.popitem(last=False)
    return Response(body, media_type=media_type, headers=headers)


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return params


def _guarded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """No traceback ever reaches a client: an unexpected error is logged and answered in one sentence."""

    def guarded(request: Request) -> Response:
        try:
            return endpoint(request)
        except Exception:
            LOG.exception("OGC API request failed: %s", request.url.path)
            return _error(500, "ServerError", "The server could not answer this request; the details are in its log.")

    guarded.__name__ = endpoint.__name__
    return guarded


@_guarded
def landing_page(request: Request) -> Response:
    root = _root(request)
    return _answer(request, JSON, lambda dataset: landing(root))


@_guarded
def api_definition(request: Request) -> Response:
    root = _root(request)
    return _answer(request, openapi.MEDIA_TYPE, lambda dataset: openapi.definition(root, CORE_PARAMETERS))


@_guarded
def conformance(request: Request) -> Response:
    return _answer(request, JSON, lambda dataset: {"conformsTo": list(CONFORMANCE)})


@_guarded
def collections(request: Request) -> Response:
    root = _root(request)
    return _answer(
        request,
        JSON,
        lambda dataset: {
            "links": [_link(f"{root}/collections", "self", JSON, "Collections")],
            "collections": [collection(root, dataset)],
        },
    )


def _known_collection(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
    def checked(request: Request) -> Response:
        if request.path_params["collection"] != COLLECTION:
            return _error(404, "NotFound", f"There is no collection of this name; the one collection is {COLLECTION}.")
        return endpoint(request)

    checked.__name__ = endpoint.__name__
    return checked


@_guarded
@_known_collection
def one_collection(request: Request) -> Response:
    root = _root(request)
    return _answer(request, JSON, lambda dataset: collection(root, dataset))


@_guarded
@_known_collection
def collection_items(request: Request) -> Response:
    root, params = _root(request), _params(request)
    now = _now()
    return _answer(request, GEOJSON, lambda dataset: items(root, dataset, params, now))


@_guarded
@_known_collection
def collection_item(request: Request) -> Response:
    root, site_id = _root(request), request.path_params["item"]
    return _answer(request, GEOJSON, lambda dataset: item(root, dataset, site_id))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


ROUTES = [
    Route("/api", landing_page, methods=["GET"]),
    Route("/api/", landing_page, methods=["GET"]),
    Route("/api/api", api_definition, methods=["GET"]),
    Route("/api/conformance", conformance, methods=["GET"]),
    Route("/api/collections", collections, methods=["GET"]),
    Route("/api/collections/{collection}", one_collection, methods=["GET"]),
    Route("/api/collections/{collection}/items", collection_items, methods=["GET"]),
    Route("/api/collections/{collection}/items/{item:path}", collection_item, methods=["GET"]),
]
