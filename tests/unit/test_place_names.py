"""Place names as the country uses them: the basemap, the Region list and the briefing hold the
official Azerbaijani names (az) and their usual English forms, never an obsolete or foreign one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from heritage.dataset import Dataset
from heritage.filters import FILTERS, SiteFilter, describe
from heritage.i18n import Translator
from heritage.places import map_property, read_table, region_label, region_name

ROOT = Path(__file__).resolve().parents[2]
BASEMAP = ROOT / "static" / "basemap"
SITES = ROOT / "data" / "sites.geojson"

# Soviet-era, Armenian or transliterated forms that an Azerbaijani ministry does not use.
OBSOLETE_OR_FOREIGN = (
    "Shushi", "Stepanakert", "Pushkino", "Xanlar", "Khanlar", "Dəvəçi", "Davachi", "Divichi", "Kirovabad",
    "Yevlakh Rayon", "Geoktchai", "Geoktschai", "Agdzhabedy", "Mingelchaur", "Kasum-Ismailov", "Ali-Bayramly",
    "Ali Bayramli", "Yelenendorf", "Prishib", "Qutqashen", "Martakert", "Kyadabek", "Kerbakhiar", "Jebrail",
    "Belokany", "Shamkhor", "Kyurdarmir", "Fizuli", "Zardob", "Terter", "Imishli Rayon", "Hadrut", "Martuni",
    "Askeran", "Lenkoran",
)  # fmt: skip


def basemap_names() -> set[str]:
    """Every name the offline basemap can show, in every language."""
    names = set()
    for layer in ("regions.geojson", "places.geojson"):
        for feature in json.loads((BASEMAP / layer).read_text(encoding="utf-8"))["features"]:
            names |= {feature["properties"][key] for key in ("name", "name_en", "name_ru")}
    return names


def region_list() -> set[str]:
    """The Region box's values and what it shows of them, in az, en and ru."""
    regions = Dataset.load(SITES).regions
    return set(regions) | {region_label(region, language) for region in regions for language in ("az", "en", "ru")}


def has_form(names: set[str], form: str) -> bool:
    """`form` as a whole word of any name (so "Xanlar" does not hide in "Xanlaroba")."""
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)
    return any(pattern.search(name) for name in names)


@pytest.mark.parametrize("form", OBSOLETE_OR_FOREIGN)
def test_no_obsolete_or_foreign_name_on_the_basemap(form):
    assert not has_form(basemap_names(), form)


@pytest.mark.parametrize("form", OBSOLETE_OR_FOREIGN)
def test_no_obsolete_or_foreign_name_in_the_region_list(form):
    assert not has_form(region_list(), form)


def place_labels(language: str) -> dict[str, set[str]]:
    """{kind: names a reader of `language` sees} on the offline basemap (sites.js reads map_property)."""
    labels: dict[str, set[str]] = {"region": set(), "town": set()}
    for layer in ("regions.geojson", "places.geojson"):
        for feature in json.loads((BASEMAP / layer).read_text(encoding="utf-8"))["features"]:
            properties = feature["properties"]
            kind = "town" if properties.get("kind") in ("town", "capital") else "region"
            labels[kind].add(properties[map_property(language)])
    return labels


@pytest.mark.parametrize(
    ("kind", "az", "en"),
    [
        ("town", "Bakı", "Baku"),
        ("town", "Gəncə", "Ganja"),
        ("town", "Şuşa", "Shusha"),
        ("town", "Xankəndi", "Khankendi"),
        ("town", "Biləsuvar", "Bilasuvar"),
        ("town", "Göyçay", "Goychay"),
        ("town", "Ağcabədi", "Aghjabadi"),
        ("town", "Mingəçevir", "Mingachevir"),
        ("town", "Göygöl", "Goygol"),
        ("town", "Şabran", "Shabran"),
        ("region", "Göygöl", "Goygol"),
        ("region", "Şabran", "Shabran"),
        ("region", "Yevlax", "Yevlakh"),
        ("region", "Lənkəran", "Lankaran"),
        ("region", "Laçın", "Lachin"),
        ("region", "Xankəndi", "Khankendi"),
    ],
)
def test_basemap_names_places_in_azerbaijani_and_in_english(kind, az, en):
    assert az in place_labels("az")[kind]
    assert en in place_labels("en")[kind]
    assert az not in place_labels("en")[kind] or az == en


def test_russian_readers_see_russian_forms():
    assert {"Баку", "Шуша", "Гянджа"} <= place_labels("ru")["town"]
    assert {"Гёйгёль", "Шабран"} <= place_labels("ru")["region"]


def test_every_row_of_the_names_table_cites_a_source():
    rows = read_table()
    assert len(rows) == 185  # 78 Natural Earth units + 107 GeoNames towns (data/place_names.csv)
    for row in rows:
        assert row.az and row.en and row.ru, row
        assert row.source.startswith("https://"), row
    assert len({(row.kind, row.key) for row in rows}) == len(rows)


def test_the_sites_regions_are_the_official_azerbaijani_names():
    regions = Dataset.load(SITES).regions
    assert len(regions) == 67
    assert {"Şuşa", "Göygöl", "Şabran", "Yevlax", "Lənkəran", "Hacıqabul", "Kəngərli", "Qubadlı"} <= set(regions)


@pytest.mark.parametrize(
    ("region", "language", "label"),
    [
        ("Şuşa", "az", "Şuşa (Shusha)"),
        ("Şuşa", "en", "Shusha (Şuşa)"),
        ("Şuşa", "ru", "Шуша (Şuşa, Shusha)"),
        ("Quba", "en", "Quba"),
        ("Göygöl", "en", "Goygol (Göygöl)"),  # typed with or without the accents
        ("Göygöl", "az", "Göygöl (Goygol)"),
        ("Bakı", "en", "Baku (Bakı)"),
        ("Gəncə", "az", "Gəncə (Ganja)"),
        ("Nowhere", "en", "Nowhere"),  # a region of another data file stays as it is
    ],
)
def test_region_box_labels_carry_both_latin_forms(region, language, label):
    assert region_label(region, language) == label


@pytest.mark.parametrize(
    ("language", "name"), [("az", "Göygöl"), ("en", "Goygol"), ("ru", "Гёйгёль"), ("de", "Goygol")]
)
def test_region_name_in_the_readers_language(language, name):
    assert region_name("Göygöl", language) == name


def test_the_selection_in_words_names_the_region_in_the_readers_language():
    chosen = SiteFilter(regions=("Şuşa",))
    assert describe(chosen, 13, Translator("en")) == "13 sites · in Shusha"
    assert describe(chosen, 13, Translator("az")) == "13 abidə · Şuşa bölgəsində"


def test_region_filter_declares_the_names():
    regions = next(f for f in FILTERS if getattr(f, "name", "") == "regions")
    assert regions.option_label is region_label and regions.name_of is region_name


@pytest.mark.parametrize(
    ("link", "regions"),
    [
        ("region=%C5%9Eu%C5%9Fa", ("Şuşa",)),
        ("region=Shusha", ("Şuşa",)),  # the English form in a link
        ("region=SHUSHA&region=Ganja", ("Şuşa", "Gəncə")),
        ("region=%D0%A8%D1%83%D1%88%D0%B0", ("Şuşa",)),  # Шуша
        ("region=Qubadli", ("Qubadlı",)),  # Natural Earth's spelling, as older links have it
        ("region=Lankaran", ("Lənkəran",)),
    ],
)
def test_a_link_may_name_a_region_in_any_form(link, regions):
    from urllib.parse import parse_qs

    from heritage import links

    parsed = links.parse(parse_qs(link), regions=Dataset.load(SITES).regions)
    assert parsed.state.site_filter.regions == regions and not parsed.notes


def test_a_link_naming_no_known_region_gets_a_note():
    from heritage import links

    parsed = links.parse({"region": ["Atlantis"]}, regions=("Şuşa", "Quba"))
    assert parsed.state.site_filter.regions == ()
    assert len(parsed.notes) == 1 and "region=Atlantis" in parsed.notes[0]
