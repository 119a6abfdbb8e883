"""The Translator, locale negotiation, site-name order and the configured title."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from heritage.i18n import Translator, available_languages, negotiate, site_names, site_title, translator
from heritage.i18n.catalogues import translations
from heritage.mapping import base_map, map_labels, map_setup
from heritage.schema import designation_label, status_label
from heritage.titles import file_title, title

# -- messages ----------------------------------------------------------------------------
AZERBAIJANI_STATUSES = {
    "intact": "Salamat",
    "at_risk": "Təhlükə altında",
    "damaged": "Zədələnib",
    "destroyed": "Dağıdılıb",
    "under_restoration": "Bərpa olunur",
    "restored": "Bərpa olunub",
    "unknown": "Naməlum",
}


@pytest.mark.parametrize(("status", "label"), AZERBAIJANI_STATUSES.items())
def test_statuses_in_azerbaijani(status, label):
    assert status_label(status, translator("az")) == label


def test_labels_in_each_language():
    assert status_label("damaged") == "Damaged"
    assert status_label("damaged", translator("ru")) == "Повреждён"
    assert designation_label("unesco_world_heritage", translator("az")) == "UNESCO Ümumdünya irsi"
    assert translator("az").pgettext("nav", "Sites table") == "Abidələr cədvəli"
    assert translator("az").pgettext("nav", "Map") == "Xəritə"
    assert translator("ru").pgettext("nav", "Map") == "Карта"


def test_each_session_has_its_own_language():
    """Two translators side by side: nothing process-wide is switched."""
    az, en = Translator("az"), Translator("en")
    assert (az.pgettext("status", "Unknown"), en.pgettext("status", "Unknown")) == ("Naməlum", "Unknown")


def test_an_unknown_message_falls_back_to_english():
    assert translator("az").gettext("Not a message anywhere") == "Not a message anywhere"


# -- numbers and dates -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "number", "date"),
    [
        ("az", "1.234", "5 mart 2024"),
        ("en", "1,234", "March 5, 2024"),
        ("ru", "1\xa0234", "5 марта 2024\u202fг."),
    ],
)
def test_numbers_and_dates_follow_the_language(language, number, date):
    t = translator(language)
    assert t.number(1234) == number
    assert t.date(dt.date(2024, 3, 5)) == date
    assert t.date("2024-03-05") == date


def test_decimals():
    assert translator("az").number(12.345, decimals=1) == "12,3"
    assert translator("en").number(1234.5, decimals=0) == "1,234"


# -- which language ----------------------------------------------------------------------
LANGUAGES = ("en", "az", "ru")


@pytest.mark.parametrize(
    ("requested", "header", "browser", "expected"),
    [
        ("az", "en-US,en;q=0.9", "en-US", ("az", True)),
        ("ru", None, None, ("ru", True)),
        ("xx", "az-AZ,az;q=0.9", None, ("az", False)),  # a bad ?lang= is not a choice
        (None, "az-AZ,az;q=0.9,en;q=0.8", "az-AZ", ("az", False)),
        (None, "de-DE,de;q=0.9,ru;q=0.8,en;q=0.7", None, ("ru", False)),
        (None, "en;q=0.5,az;q=0.9", None, ("az", False)),  # by weight, not by position
        (None, "az;q=0,ru", None, ("ru", False)),  # q=0: not this one
        (None, None, "az-Latn-AZ", ("az", False)),
        (None, "", "fr-FR", ("en", False)),
        (None, None, None, ("en", False)),
        (None, "*", None, ("en", False)),
    ],
)
def test_language_negotiation(requested, header, browser, expected):
    choice = negotiate(requested, header, browser, LANGUAGES)
    assert (choice.language, choice.explicit) == expected


def test_a_third_language_is_one_file(tmp_path):
    """A new .po in the locale folder is a language: listed, compiled on load, plural rules and all."""
    catalogue = Catalog(locale="tr", domain="heritage")
    catalogue.add("Map", "Harita", context="nav")
    catalogue.add(("{count} site", "{count} sites"), ("{count} yer", "{count} yer"))
    path = tmp_path / "tr" / "LC_MESSAGES" / "heritage.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as po_file:
        write_po(po_file, catalogue)
    assert available_languages(tmp_path) == ("tr",)
    compiled = translations("tr", tmp_path)
    assert compiled.pgettext("nav", "Map") == "Harita"
    assert compiled.ngettext("{count} site", "{count} sites", 5) == "{count} yer"
    assert negotiate(None, "tr-TR", None, available_languages(tmp_path)).language == "tr"


def test_plurals_follow_the_language(tmp_path):
    """Russian has three forms; the catalogue's Plural-Forms picks one."""
    catalogue = Catalog(locale="ru", domain="heritage")
    catalogue.add(("{count} site", "{count} sites"), ("{count} объект", "{count} объекта", "{count} объектов"))
    path = tmp_path / "ru" / "LC_MESSAGES" / "heritage.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as po_file:
        write_po(po_file, catalogue)
    compiled = translations("ru", tmp_path)
    forms = [compiled.ngettext("{count} site", "{count} sites", n) for n in (1, 3, 5, 21)]
    assert forms == ["{count} объект", "{count} объекта", "{count} объектов", "{count} объект"]


# -- site names ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "local", "language", "expected"),
    [
        ("Maiden Tower", "Qız qalası", "az", ("Qız qalası", "Maiden Tower")),
        ("Maiden Tower", "Qız qalası", "en", ("Maiden Tower", "Qız qalası")),
        ("Maiden Tower", "Qız qalası", "ru", ("Maiden Tower", "Qız qalası")),
        ("Atəşgah", "Atəşgah", "az", ("Atəşgah", None)),
        ("ATƏŞGAH", "Atəşgah", "en", ("ATƏŞGAH", None)),  # differs only in case: said once
        ("Juma Mosque", None, "az", ("Juma Mosque", None)),
        ("Juma Mosque", "  ", "az", ("Juma Mosque", None)),
    ],
)
def test_site_names_in_the_readers_order(name, local, language, expected):
    assert tuple(site_names(name, local, language)) == expected


def test_site_title_on_one_line():
    assert site_title("Maiden Tower", "Qız qalası", "az") == "Qız qalası (Maiden Tower)"
    assert site_title("Maiden Tower", None, "az") == "Maiden Tower"


# -- the map frame's texts ------------------------------------------------------------------
def test_the_map_legend_and_tooltips_in_azerbaijani():
    html = base_map(setup=map_setup(translator=translator("az"))).get_root().render()
    assert "Mühafizə vəziyyəti" in html
    assert "Zədələnib" in html
    assert "Conservation status" not in html
    assert map_labels(translator("ru"))["legendTitle"] == "Состояние сохранности"
    labels = {"legendTitle", "groupLegend", "clusterTitle", "clusterPart", "clusterHint", "markerName"}
    labels |= {"contested", "approximate", "mapTitle", "showAll", "stale", "changed", "stated"}
    assert set(map_labels()) == labels


# -- the title ------------------------------------------------------------------------------
def _geojson(path, **members):
    document = {"type": "FeatureCollection", **members, "features": [], "after": "ignored"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_title_from_the_environment_per_language():
    environ = {"HERITAGE_TITLE": "World Heritage", "HERITAGE_TITLE_AZ": "Ümumdünya irsi"}
    assert title(translator("az"), None, environ) == "Ümumdünya irsi"
    assert title(translator("en"), None, environ) == "World Heritage"
    assert title(translator("en"), "From the file", environ) == "World Heritage"


def test_title_from_the_data_file(tmp_path):
    per_language = _geojson(tmp_path / "a.geojson", title={"en": "UNESCO World Heritage List", "az": "UNESCO siyahısı"})
    assert file_title(per_language) == {"en": "UNESCO World Heritage List", "az": "UNESCO siyahısı"}
    assert title(translator("az"), file_title(per_language), {}) == "UNESCO siyahısı"
    assert title(translator("ru"), file_title(per_language), {}) == "UNESCO World Heritage List"
    assert file_title(_geojson(tmp_path / "b.geojson", name="Monuments of Sheki")) == "Monuments of Sheki"


def test_no_title_anywhere_says_heritage_sites(tmp_path):
    (tmp_path / "c.csv").write_text("id,name\n", encoding="utf-8")
    assert file_title(tmp_path / "c.csv") is None
    assert file_title(tmp_path / "missing.geojson") is None
    path = tmp_path / "late.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [], "title": "after the features"}', encoding="utf-8")
    assert file_title(path) is None
    assert title(translator("en"), None, {}) == "Heritage sites"
    assert title(translator("az"), None, {}) == "Tarix-mədəniyyət abidələri"


def test_the_shipped_data_names_itself():
    from heritage.sources import DEFAULT_DATA

    assert title(translator("en"), file_title(DEFAULT_DATA), {}) == "Heritage sites of Azerbaijan"
    assert title(translator("az"), file_title(DEFAULT_DATA), {}) == "Azərbaycanın tarix-mədəniyyət abidələri"


# -- the language in links ------------------------------------------------------------------
def test_lang_goes_through_a_link():
    from heritage.links import ViewState, parse, to_params

    parsed = parse({"lang": "az", "status": "damaged"})
    assert parsed.state.language == "az" and parsed.notes == []
    assert to_params(parsed.state) == {"status": ["damaged"], "lang": ["az"]}
    assert "lang" not in to_params(ViewState())
    bad = parse({"lang": "xx"})
    assert bad.state.language is None
    assert bad.notes == ["Ignored lang=xx: expected one of en, az, ru."]
