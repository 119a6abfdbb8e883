"""Scenes: named views a presenter saves and steps through; the rules for what may be saved.

A scene is stored as the URL parameters of its view (links.scene_params), so a scene, a link
and a briefing all describe a view the same way. This module sits below the URL layer: the
store keeps scenes without knowing how a view becomes parameters. Scenes live in the store
(`Store.scenes`), so every copy of the dashboard behind a load balancer shows the same list and concurrent saves are all
kept. Only a signed-in editor may save or remove one; the limits below keep a viewer's
link (which can carry 50 KB of parameters) from filling the list or the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_NAME = 80  # characters
MAX_PARAMS_BYTES = 4_000  # the URL parameters of one scene, as JSON
MAX_SCENES = 50
UNTITLED = "Untitled scene"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


class SceneRefused(ValueError):
    """A scene that cannot be saved; the message is shown as it is."""


@dataclass(frozen=True)
class Scene:
    id: int
    name: str  # plain text: shown escaped, never as Markdown
    params: dict[str, list[str]]


def clean_name(name: str) -> str:
    """One line of plain text, at most MAX_NAME characters; control and direction characters removed."""
    cleaned = " ".join(_CONTROL.sub(" ", str(name)).split())
    if len(cleaned) > MAX_NAME:
        raise SceneRefused(f"A scene name is at most {MAX_NAME} characters; this one has {len(cleaned)}.")
    return cleaned or UNTITLED


def params_json(params: dict[str, list[str]]) -> str:
    return json.dumps(params, ensure_ascii=False, sort_keys=True)


def params_from_json(text: str) -> dict[str, list[str]]:
    """Stored parameters back as a dict; anything malformed is dropped, never raised."""
    try:
        raw = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): [str(v) for v in vs] for k, vs in raw.items() if isinstance(vs, list)}
