"""The OpenAPI 3.0 definition of /api (OGC API - Features asks for one, `rel="service-desc"`).

Derived from the same lists the routes use (the filter declarations, Core's parameters), so a
new filter appears here without an edit.
"""

from __future__ import annotations

from heritage.filters import FILTERS

FILTER_KEYS = tuple(key for declared in FILTERS for key in declared.url_keys)
MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _get(summary: str, media_type: str, parameters: list[dict] | None = None) -> dict:
    answer = {"description": summary, "content": {media_type: {"schema": {"type": "object"}}}}
    errors = {
        "400": {"description": "A bad parameter: one sentence in `description`."},
        "404": {"description": "No such collection or site."},
    }
    return {"get": {"summary": summary, "parameters": parameters or [], "responses": {"200": answer, **errors}}}


def definition(root: str, items_parameters: dict[str, str]) -> dict:
    """The definition of the API served at `root`; `items_parameters`: Core's parameters and what they do."""
    core = [_query(name, text, {"type": "string"}) for name, text in items_parameters.items()]
    link_filters = [
        _query(key, "As in a link of the dashboard (see the README, Links).", {"type": "string"}) for key in FILTER_KEYS
    ]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Heritage Map: OGC API - Features", "version": "1.0.0"},
        "servers": [{"url": root}],
        "paths": {
            "/": _get("Landing page", "application/json"),
            "/conformance": _get("Conformance classes", "application/json"),
            "/collections": _get("Collections", "application/json"),
            "/collections/{collectionId}": _get("The collection `sites`", "application/json", [_path("collectionId")]),
            "/collections/{collectionId}/items": _get(
                "The sites of a view", "application/geo+json", [_path("collectionId"), *core, *link_filters]
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One site", "application/geo+json", [_path("collectionId"), _path("featureId")]
            ),
        },
    }


def _path(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
