"""The language under AppTest: from the link, switched in the sidebar, named in shared links; the title."""

from __future__ import annotations

from tests.app.test_dashboard import run_app


def url(app) -> dict[str, list[str]]:
    """The URL parameters the page last wrote, each as a list (AppTest keeps a str for one value)."""
    return {name: [value] if isinstance(value, str) else list(value) for name, value in app.query_params.items()}


def switch(app):
    return app.sidebar.selectbox(key="language_switch")


def test_english_without_a_choice(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file)
    assert switch(app).value == "en"
    assert switch(app).label == "Language"
    assert app.title[0].value == "Heritage sites"  # the generated file names no title
    assert "lang" not in url(app)


def test_lang_in_the_link_chooses_azerbaijani(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file, {"lang": "az", "status": "damaged"})
    assert switch(app).value == "az"
    assert switch(app).label == "Dil"
    assert app.title[0].value == "Tarix-mədəniyyət abidələri"
    statuses = app.sidebar.multiselect(key="f_status")
    assert statuses.label == "Mühafizə vəziyyəti"
    assert statuses.options[:3] == ["Salamat", "Təhlükə altında", "Zədələnib"]
    assert statuses.value == ["damaged"]
    assert app.sidebar.text_input(key="f_query").label == "Axtarış"
    assert url(app)["lang"] == ["az"]  # kept in the URL the page writes
    assert url(app)["status"] == ["damaged"]
    assert not [info for info in app.info if "lang" in info.value]


def test_the_switch_keeps_the_view_and_names_the_language(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file, {"status": "damaged", "year": "2000-2019"})
    switch(app).set_value("ru").run()
    assert not app.exception
    # (AppTest drops the entry point's own sidebar elements from its tree after a rerun,
    # so the page's texts and the URL tell which language is on.)
    assert app.title[0].value == "Объекты наследия"
    assert url(app)["lang"] == ["ru"]
    assert url(app)["status"] == ["damaged"]
    assert url(app)["year"] == ["2000-2019"]
    assert app.sidebar.multiselect(key="f_status").value == ["damaged"]


def test_an_unknown_language_is_a_note(monkeypatch, synthetic_file):
    app = run_app(monkeypatch, synthetic_file, {"lang": "xx"})
    assert switch(app).value == "en"
    assert any("Ignored lang=xx" in info.value for info in app.info)


def test_the_title_from_configuration(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_TITLE", "UNESCO World Heritage in Azerbaijan")
    monkeypatch.setenv("HERITAGE_TITLE_AZ", "Azərbaycanda UNESCO irsi")
    assert run_app(monkeypatch, synthetic_file).title[0].value == "UNESCO World Heritage in Azerbaijan"
    assert run_app(monkeypatch, synthetic_file, {"lang": "az"}).title[0].value == "Azərbaycanda UNESCO irsi"
