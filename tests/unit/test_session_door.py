"""One door to the session: only heritage/ui/session.py names `st.session_state`, and its entries round-trip.

Product code that reads or writes `st.session_state` anywhere else (an attribute, a bare name,
an import, or getattr(st, "session_state")) fails the first test: add an Entry (or use
widget_value / set_widget_values) in heritage/ui/session.py instead. Tests may read
`app.session_state` of an AppTest; they are not scanned.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from heritage.ui import session

ROOT = Path(__file__).resolve().parents[2]
DOOR = ROOT / "heritage" / "ui" / "session.py"
NAME = "session_state"


def _product_files() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "heritage").rglob("*.py")]
    return sorted(path for path in files if path.exists())


def _touches(path: Path) -> list[int]:
    """The lines of `path` that name session_state in code (docstrings and comments may mention it)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            (isinstance(node, ast.Attribute) and node.attr == NAME)
            or (isinstance(node, ast.Name) and node.id == NAME)
            or (isinstance(node, ast.alias) and NAME in node.name.split("."))
            or (isinstance(node, ast.ImportFrom) and NAME in (node.module or "").split("."))
            or (isinstance(node, ast.Call) and any(_is_name_string(arg) for arg in node.args))
        ):
            lines.append(getattr(node, "lineno", 0))
    return sorted(set(lines))


def _is_name_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == NAME


def test_only_the_session_module_touches_session_state():
    files = _product_files()
    assert DOOR in files and ROOT / "dashboard.py" in files and len(files) > 40
    offenders = {str(path.relative_to(ROOT)): lines for path in files if path != DOOR and (lines := _touches(path))}
    assert offenders == {}, f"use heritage/ui/session.py instead of st.session_state in: {offenders}"


def test_the_scan_sees_every_way_of_naming_it(tmp_path):
    """The check itself: each of these spellings is caught, a docstring's mention is not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Mentions st.session_state in prose only."""\n'
        "import streamlit as st\n"
        "from streamlit import session_state\n"
        "st.session_state['a'] = 1\n"
        "x = session_state.get('b')\n"
        "y = getattr(st, 'session_state')\n",
        encoding="utf-8",
    )
    assert _touches(sample) == [3, 4, 5, 6]
    assert _touches(DOOR) != []  # the door itself does touch it


ENTRIES = [value for value in vars(session).values() if isinstance(value, session.Entry)]


def test_every_entry_has_its_own_key_and_says_why():
    keys = [entry.key for entry in ENTRIES]
    assert len(keys) == len(set(keys))
    assert {
        "heritage_view",
        "language",
        "language_explicit",
        "editor",
        "signin_session",
        "entered_through_dashboard",
        "reloaded_editor_page",
        "removed_scene",
        "map_singles",
        "handled_click",
        "seen_revisions",
    } <= set(keys)
    for entry in ENTRIES:
        assert entry.__doc__ and len(entry.__doc__) > 30, entry.key


@pytest.fixture
def fake_state(monkeypatch) -> dict:
    """A dict in place of st.session_state: the door uses only the mapping methods both have."""
    state: dict = {}
    monkeypatch.setattr(session.st, "session_state", state)
    return state


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.key)
def test_each_entry_round_trips(fake_state, entry):
    assert not entry.is_set() and entry.get() == entry.default
    entry.set("value")
    assert entry.is_set() and entry.get() == "value" and fake_state == {entry.key: "value"}
    assert entry.setdefault("other") == "value"  # the first value stays
    assert entry.pop() == "value" and not entry.is_set() and fake_state == {}
    assert entry.pop() == entry.default  # popping again is harmless


def test_setdefault_keeps_one_mutable_value(fake_state):
    seen = session.seen_revisions.setdefault({})
    seen["az-1"] = 3
    assert session.seen_revisions.setdefault({}) == {"az-1": 3}


def test_widget_values(fake_state):
    assert session.widget_value("f_status") is None
    assert session.widget_value("sitemap", {}) == {}
    session.set_widget_values({"f_status": ["damaged"], "f_year": (1990, 2020)})
    session.set_widget_value("language_switch", "az")
    assert fake_state == {"f_status": ["damaged"], "f_year": (1990, 2020), "language_switch": "az"}
    assert session.widget_value("f_year") == (1990, 2020)


def _script() -> None:
    """Run by AppTest: writes through the door, reads back, and draws a widget seeded through it."""
    import streamlit as st

    from heritage.ui import session

    if not session.editor.is_set():
        session.editor.set("aysel")
        session.set_widget_values({"f_search": "Shusha"})
    st.text_input("Search", key="f_search")
    st.write(f"editor={session.editor.get()} search={session.widget_value('f_search')}")


def test_round_trip_in_a_real_session():
    app = AppTest.from_function(_script).run()
    assert not app.exception
    assert app.session_state["editor"] == "aysel"
    assert app.text_input(key="f_search").value == "Shusha"
    app.text_input(key="f_search").input("Baku").run()
    assert app.markdown[0].value == "editor=aysel search=Baku"
