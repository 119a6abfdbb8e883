"""The pages in Azerbaijani (`?lang=az`): headings, tiles, details, charts, presenter, About.

The expected texts are literal: a message missing from the az catalogue, or a page that
forgets to translate one, shows English here and fails.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from heritage.sources import DEFAULT_DATA
from heritage.synthetic import synthetic_features, write_geojson
from tests.app.pages import open_page


def open_az(monkeypatch, data_file, page: str, params: dict | None = None) -> AppTest:
    """`page` in Azerbaijani, over `data_file`."""
    monkeypatch.setenv("HERITAGE_DATA", str(data_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return open_page(page, {"lang": "az", **(params or {})})


def test_map_tiles_and_selection_words_in_azerbaijani(monkeypatch, tmp_path):
    data = write_geojson(tmp_path / "many.geojson", synthetic_features(1234))
    app = open_az(monkeypatch, data, "pages/map.py")
    assert app.metric[0].label == "Göstərilən abidələr"
    assert app.metric[0].value == "1.234"  # Azerbaijani groups thousands with a dot
    assert app.metric[-1].label == "Orta bərpa gedişi"  # the glossary: bərpa gedişi
    assert any(c.value.startswith("1\\.234 abidə") for c in app.caption)
    assert [b.label for b in app.button if b.key is None or "present" in str(b.key).lower()][:1] == ["Təqdim et"]
    assert any(i.value.startswith("Abidə haqqında nə məlum olduğunu") for i in app.info)


def test_presenter_controls_in_azerbaijani(monkeypatch, synthetic_file):
    app = open_az(monkeypatch, synthetic_file, "pages/map.py", {"present": "1"})
    assert "Təqdimat rejimindən çıx" in [b.label for b in app.button]


def test_site_details_put_the_azerbaijani_name_first(monkeypatch):
    app = open_az(monkeypatch, DEFAULT_DATA, "pages/site.py", {"site": "az-2.2"})
    assert app.subheader[0].value == "Qız qalası"
    assert "Maiden Tower, Baku" in [c.value for c in app.caption]
    assert any(m.value.startswith("**Vəziyyət:**") for m in app.markdown)
    assert "Tarixçə" in [s.value for s in app.subheader]
    assert any(s.value == "5 km radiusunda" for s in app.subheader)


def test_progress_charts_in_azerbaijani(monkeypatch, synthetic_file):
    app = open_az(monkeypatch, synthetic_file, "pages/progress.py")
    assert app.title[0].value == "Bərpa gedişi"
    assert [s.value for s in app.subheader] == [
        "Bölgələr üzrə vəziyyətə görə abidələr",
        "Bərpa gedişi",
        "İllər üzrə siyahıya alınma",
    ]
    encoding = json.loads(app.get("vega_lite_chart")[0].proto.spec)["encoding"]
    assert encoding["x"]["title"] == "Abidələr"
    assert encoding["color"]["title"] == "Vəziyyət"
    domain = encoding["color"]["scale"]["domain"]  # the colour domain: the translated statuses
    assert domain[0] == "Salamat" and "Bərpa olunub" in domain and "Naməlum" in domain


def test_about_credits_the_registry_only_for_the_shipped_file(monkeypatch, synthetic_file):
    shipped = open_az(monkeypatch, DEFAULT_DATA, "pages/about.py")
    assert shipped.title[0].value == "Məlumatlar haqqında"
    assert any("Azərbaycan\n  milli mədəni irs reyestri" in m.value for m in shipped.markdown)
    other = open_az(monkeypatch, synthetic_file, "pages/about.py")
    assert any("300 abidəni göstərir" in m.value for m in other.markdown)
    assert not any("reyestri" in m.value for m in other.markdown)
