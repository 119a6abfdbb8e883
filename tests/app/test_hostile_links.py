"""Every page opened with each hostile link: notes as text, no traceback, no injected link."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from heritage.ui.text import plain
from tests.app.hostile import HOSTILE_LINKS, PAGES, assert_clean
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.conftest import feature


@pytest.fixture
def comma_data(monkeypatch, tmp_path):
    """Sites in a region whose name holds a comma, so the comma link has something to select."""
    from heritage.synthetic import synthetic_features, write_geojson

    features = synthetic_features(30)
    features.append(feature("comma-1", name="Comma site", region="Bakı, Səbail", lon=49.8, lat=40.35))
    features.append(feature("comma-2", name="Other site", region="Şəki", lon=47.2, lat=41.2))
    path = write_geojson(tmp_path / "sites.geojson", features)
    monkeypatch.setenv("HERITAGE_DATA", str(path))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return path


@pytest.fixture(scope="module")
def editor_hash() -> str:
    from heritage.auth import hash_password

    return hash_password("a long test password")


def open_with(page: str, params: dict) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    if page != "pages/map.py":
        app.switch_page(page).run()
    return app


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("link", list(HOSTILE_LINKS))
def test_page_with_a_hostile_link_shows_no_traceback(comma_data, page, link):
    assert_clean(open_with(page, HOSTILE_LINKS[link]))


def test_notes_are_text_and_few(comma_data):
    app = open_with("pages/map.py", HOSTILE_LINKS["2,000 statuses"])
    notes = [info.value for info in app.info if info.value.startswith("Ignored") or "ignored" in info.value]
    expected = [
        "Ignored status=x: not a known status.",
        "Ignored status=[y0](https://ev.il/0): not a known status.",
        "Ignored status=[y1](https://ev.il/1): not a known status.",
        "Ignored status=[y2](https://ev.il/2): not a known status.",
        "Ignored status=[y3](https://ev.il/3): not a known status.",
        "996 more parameter values ignored.",
    ]
    assert notes == [plain(note) for note in expected]
    assert notes[1] == "Ignored status=\\[y0\\]\\(https\\:\u2060//ev\\.il/0\\)\\: not a known status\\."


def test_search_text_in_the_caption_is_text(comma_data):
    app = open_with("pages/table.py", HOSTILE_LINKS["search as a link"])
    [caption] = [c.value for c in app.caption if "matching" in c.value]
    assert caption.startswith(plain("0 sites · matching “[Sign in again](https://evil.example/login)”"))


def test_a_region_with_a_comma_selects_that_region(comma_data):
    app = open_with("pages/table.py", HOSTILE_LINKS["region with a comma"])
    assert app.multiselect(key="f_region").value == ["Bakı, Səbail", "Şəki"]
    assert list(app.dataframe[0].value["Name"]) == ["Comma site", "Other site"]


@pytest.mark.parametrize("page", ["pages/edit.py", "pages/import.py"])
@pytest.mark.parametrize("link", list(HOSTILE_LINKS))
def test_editor_pages_with_a_hostile_link_show_no_traceback(comma_data, editor_hash, page, link):
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    app.secrets["editors"] = {"aysel": editor_hash}
    for name, value in HOSTILE_LINKS[link].items():
        app.query_params[name] = value
    app.run()
    app.switch_page("pages/editors.py").run()
    app.text_input(key="signin_name").input("aysel")
    app.text_input(key="signin_password").input("a long test password")
    app.button(key="FormSubmitter:sign_in-Sign in").click().run()
    app.switch_page(page).run()
    assert app.title[0].value in ("Record an observation", "Import sites")
    assert_clean(app)


def test_a_note_quoting_a_bidi_override_shows_it_without(comma_data):
    app = open_with("pages/map.py", HOSTILE_LINKS["bidi override in a note"])
    assert [info.value for info in app.info if "status=" in info.value] == [
        plain("Ignored status=gnp.exe: not a known status.")
    ]


@pytest.mark.parametrize(("language", "note"), [
    ("en", "This link was too long to read (more than 1,000 parameters or 512 KB), so the dashboard opened "
           "with its start view."),
    ("az", "Bu keçid oxunmaq üçün çox uzun idi (1.000-dən çox parametr və ya 512 KB-dan böyük), ona görə "
           "idarə paneli başlanğıc görünüşü ilə açıldı."),
])  # fmt: skip
def test_a_link_too_long_to_read_is_said_so(comma_data, language, note):
    """Streamlit drops such a link whole; heritage/ui/linklimit.py hands the page `link_too_long=1`."""
    app = open_with("pages/map.py", {"link_too_long": "1", "lang": language})
    assert app.info[0].value == plain(note)
    assert_clean(app)
