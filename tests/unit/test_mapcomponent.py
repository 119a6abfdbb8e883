"""The map adapter's hold on streamlit-folium: fails loudly when an upgrade changes what it uses.

heritage/ui/mapcomponent.py names every private function it calls (PRIVATE), the template it
writes the marker layer with (LAYER_SCRIPT, checked in tests/unit/test_mapping.py) and the
browser globals static/heritage/sites.js reads (BROWSER_GLOBALS). Upgrading streamlit-folium
means reading these again; this test says which one moved.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import streamlit_folium as sf

from heritage.ui.mapcomponent import BROWSER_GLOBALS, PRIVATE

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = next((Path(sf.__file__).parent / "frontend" / "build" / "static" / "js").glob("main.*.js"))


def test_the_installed_streamlit_folium_is_the_pinned_one():
    pinned = re.search(r"^streamlit-folium==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned and version("streamlit-folium") == pinned.group(1) == "0.27.4"


def test_every_private_function_the_adapter_calls_is_there():
    missing = [name for name in PRIVATE if not callable(getattr(sf, name, None))]
    assert missing == [], f"streamlit-folium no longer has {missing}: update heritage/ui/mapcomponent.py"


def test_the_component_page_still_offers_what_sites_js_reads():
    bundle = BUNDLE.read_text(encoding="utf-8", errors="replace")
    assert "window.Streamlit=" in bundle  # sites.js reports a clicked site's id through it
    assert all(name in bundle for name in BROWSER_GLOBALS)
    # returned_objects=[] must mean "report nothing": a pan then runs no script (issue 15).
    assert "returned_objects.includes" in bundle


def test_sites_js_reads_no_other_component_global():
    script = (ROOT / "static" / "heritage" / "sites.js").read_text(encoding="utf-8")
    assert "__GLOBAL_DATA__" not in script
    assert "window.Streamlit" in script and "window.map" in script
