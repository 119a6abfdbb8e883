"""The house's layering, as a test: which part may import which, no cycle, at most MAX_FLOORS floors.

The rules (README, "Layout"): the core (heritage/ outside heritage/ui) never imports Streamlit;
the store and its migrations sit below the URL layer (they import neither links, view nor
filters, not even through another module); pages are layout and import only heritage.ui.
Floors are counted on the product's rooms: each file of heritage/ and the two entry points is a
room, and each folder that is one part (pages/, heritage/ui/, heritage/i18n/, heritage/api/,
heritage/migrations/) is one room; a room that imports no other is floor 1, any other is one
above the highest room it imports. Tests, benchmarks and scripts are not rooms of the product.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_FLOORS = 9
BELOW_THE_URL_LAYER = ("heritage.store", "heritage.migrations")
URL_LAYER = ("heritage.links", "heritage.view", "heritage.filters")
FOLDER_ROOMS = ("pages", "heritage.ui", "heritage.i18n", "heritage.api", "heritage.migrations")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    files = [ROOT / "app.py", ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "heritage").rglob("*.py")]
    return {_module_name(path): path for path in files if path.exists()}


SOURCES = _sources()


def _imported_names(path: Path) -> set[str]:
    """Every module named by an import statement (relative imports resolved), at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@functools.cache
def project_imports(module: str) -> frozenset[str]:
    """The project's modules that `module` imports directly."""
    found = set()
    for name in _imported_names(SOURCES[module]):
        while name and name not in SOURCES:
            name = name.rpartition(".")[0]
        if name and name != module and not module.startswith(name + "."):  # a package's own __init__
            found.add(name)
    return frozenset(found)


def reachable(module: str) -> set[str]:
    seen: set[str] = set()
    stack = [module]
    while stack:
        for name in project_imports(stack.pop()):
            if name not in seen:
                seen.add(name)
                stack.append(name)
    return seen


def room(module: str) -> str:
    """The room a module belongs to: its folder where the folder is one part, else the module."""
    return next((folder for folder in FOLDER_ROOMS if module == folder or module.startswith(folder + ".")), module)


def room_imports() -> dict[str, set[str]]:
    """Which rooms each room imports (imports inside one room are not arrows between rooms)."""
    arrows: dict[str, set[str]] = {room(module): set() for module in SOURCES}
    for module in SOURCES:
        arrows[room(module)].update(room(name) for name in project_imports(module) if room(name) != room(module))
    return arrows


def floors() -> dict[str, int]:
    """Each room's floor; raises on a cycle between rooms, naming a room on it."""
    arrows = room_imports()
    floor: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(name: str) -> int:
        if name in floor:
            return floor[name]
        if name in visiting:
            raise AssertionError(f"an import cycle runs through {name}")
        visiting.add(name)
        floor[name] = 1 + max((visit(other) for other in arrows[name]), default=0)
        visiting.discard(name)
        return floor[name]

    for name in arrows:
        visit(name)
    return floor


def test_the_core_never_imports_streamlit():
    core = [m for m in SOURCES if m.startswith("heritage") and not m.startswith("heritage.ui")]
    offenders = [m for m in core if any(n.split(".")[0] == "streamlit" for n in _imported_names(SOURCES[m]))]
    assert offenders == []


@pytest.mark.parametrize("module", [m for m in SOURCES if m.startswith(BELOW_THE_URL_LAYER)])
def test_the_store_and_its_migrations_sit_below_the_url_layer(module):
    assert sorted(n for n in reachable(module) if n.startswith(URL_LAYER)) == []


def test_no_cycle_and_at_most_nine_floors():
    building = floors()
    top = max(building.values())
    assert top <= MAX_FLOORS, sorted(building.items(), key=lambda item: -item[1])[:5]


def test_the_layering_test_sees_the_project():
    """Guards the test itself: a rename that made it read nothing would let every rule pass."""
    assert {"app", "dashboard", "pages.map", "heritage.store", "heritage.links", "heritage.ui.data"} <= set(SOURCES)
    assert "heritage.scenes" in project_imports("heritage.store")
