"""Scenes: named views a presenter saves and steps through, kept in a small JSON file.

A scene is stored as the URL parameters of its view, so a scene, a link and a briefing
all describe a view the same way. The file is replaced atomically: a crash while saving
leaves the previous scenes intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from heritage.links import ViewState, to_params

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "scenes.json"
MAX_NAME = 80


@dataclass(frozen=True)
class Scene:
    name: str
    params: dict[str, list[str]]


def scenes_path() -> Path:
    return Path(os.environ.get("HERITAGE_SCENES") or DEFAULT_FILE)


def load_scenes(path: Path | None = None) -> list[Scene]:
    """The saved scenes in order; an unreadable file is treated as no scenes, never a crash."""
    path = path or scenes_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    scenes = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("params"), dict):
            params = {str(k): [str(v) for v in vs] for k, vs in item["params"].items() if isinstance(vs, list)}
            scenes.append(Scene(item["name"][:MAX_NAME], params))
    return scenes


def _write(scenes: list[Scene], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps([{"name": s.name, "params": s.params} for s in scenes], ensure_ascii=False, indent=1)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".scenes-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(payload)
    os.replace(temporary, path)


def add_scene(name: str, state: ViewState, path: Path | None = None) -> list[Scene]:
    """Append a scene (the presenter flag itself is not part of a scene)."""
    path = path or scenes_path()
    params = to_params(ViewState(state.site_filter, state.view, state.site, present=False))
    scenes = [*load_scenes(path), Scene(name.strip()[:MAX_NAME] or "Untitled scene", params)]
    _write(scenes, path)
    return scenes


def remove_scene(index: int, path: Path | None = None) -> list[Scene]:
    path = path or scenes_path()
    scenes = load_scenes(path)
    if 0 <= index < len(scenes):
        del scenes[index]
        _write(scenes, path)
    return scenes
