"""The one private Streamlit switch the dashboard flips (heritage/ui/navigation.py), checked against Streamlit.

pages/ is part of the product's fixed shape, and Streamlit treats a folder of that name as its
first ("v1") multipage mode until the switch `PagesManager.uses_pages_directory` is False. It is
not public API: these tests fail loudly when an upgrade renames or stops reading it, before a
permalink opens a page outside the dashboard's navigation.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

from heritage.ui import navigation


def test_streamlit_still_has_the_switch_and_reads_it_when_it_runs_a_page():
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)


def test_the_switch_is_flipped_in_one_place_only():
    root = Path(navigation.__file__).resolve().parents[2]
    files = [root / "app.py", root / "dashboard.py", *(root / "pages").glob("*.py"), *(root / "heritage").rglob("*.py")]
    flipping = [p.relative_to(root).as_posix() for p in files if "uses_pages_directory" in p.read_text("utf-8")]
    assert flipping == ["heritage/ui/navigation.py"]
