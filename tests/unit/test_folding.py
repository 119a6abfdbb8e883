"""Azerbaijani-aware search folding, as one table of (query, text, found?)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.synthetic import write_geojson
from heritage.text import fold, fold_all, fold_column, fold_letters, matches, query_pattern
from tests.conftest import feature

SEARCH_TABLE = [
    # query, text, found
    ("İÇƏRİŞƏHƏR", "İçərişəhər", True),
    ("icerisheher", "İçərişəhər", True),
    ("içərişəhər", "İçərişəhər", True),
    ("icherisheher", "İçərişəhər", True),  # the English spelling
    ("Icherisheher", "İçərişəhər", True),
    ("iceri", "İçərişəhər", True),
    ("İçərişəhər", "Icherisheher", True),  # the other way round
    ("ŞƏKİ", "Şəki xan sarayı", True),
    ("sheki", "Şəki xan sarayı", True),
    ("xan sarayi", "Şəki xan sarayı", True),  # ı typed as i
    ("XAN SARAYI", "Şəki xan sarayı", True),  # capital I is Azerbaijani ı
    ("gence", "Gəncə", True),
    ("ganja", "Gəncə", False),  # a different transliteration is not guessed
    ("agdam", "Ağdam", True),
    ("goygol", "Göygöl", True),
    ("gumbez", "Günbəz", False),
    ("gunbez", "Günbəz", True),
    ("susa", "Şuşa", True),
    ("shusha", "Şuşa", True),
    ("şuşa", "Shusha", True),
    ("Shusha", "Susay məscidi", False),  # sh is ş: Shusha is not Susay (a village in Quba)
    ("Susa", "Susay məscidi", True),  # s may be s or ş
    ("Şuşa", "Susay məscidi", False),
    ("aghdam", "Ağdam", True),  # gh is ğ
    ("khudafarin", "Xudafarin", True),  # kh and x are one sound
    ("Xudafarin", "Khudafarin Bridge", True),
    ("a.b", "axb", False),  # plain text, never a pattern of the reader's
    ("qala", "Qız qalası", True),
    ("qiz", "Qız qalası", True),
    ("QIZ", "Qız qalası", True),
    ("kiz", "Qız qalası", False),
    ("café", "Cafe", True),
    ("baku", "Bakı", False),  # ı is i, not u: no guessing at English spellings
    ("Bakı", "BAKI", True),
]


@pytest.mark.parametrize(("query", "text", "found"), SEARCH_TABLE)
def test_search_folding(query, text, found):
    assert matches(query, text) is found
    assert (re.search(query_pattern(query), fold_all(pd.Series([text])).iloc[0]) is not None) is found


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("İÇƏRİŞƏHƏR", "icherisheher"),
        ("içərişəhər", "icherisheher"),
        ("Icherisheher", "icherisheher"),
        ("Qız qalası", "qiz qalasi"),
        ("Göygöl", "goygol"),
        ("Ağdam", "aghdam"),
    ],
)
def test_fold_gives_one_key_per_character(text, key):
    """'İ'.lower() is two characters in Python; the key has one per letter."""
    assert fold(text) == key


def test_fold_letters_keeps_digraphs_for_file_names():
    assert fold_letters("Şuşa Shusha") == "susa shusha"


def test_search_finds_azerbaijani_names_in_the_index(tmp_path):
    sites = [feature("baku", name="Old City", name_local="İçərişəhər"), feature("other", name="Plain site")]
    dataset = Dataset.load(write_geojson(tmp_path / "s.geojson", sites))
    for query in ("İÇƏRİŞƏHƏR", "icerisheher", "içərişəhər"):
        assert dataset.sites["id"][dataset.mask(SiteFilter(query=query))].tolist() == ["baku"], query


def test_search_folds_english_digraphs_in_plain_ascii_text_too(tmp_path):
    """'Shusha' and 'Church' are ASCII: their key still folds sh and ch, as the query's does."""
    sites = [
        feature("shusha", name="Shusha fortress"),
        feature("church", name="Kish church", description="Caucasian Albanian"),
        feature("other", name="Plain site", description="Straße"),
    ]
    dataset = Dataset.load(write_geojson(tmp_path / "s.geojson", sites))
    for query, found in [("Shusha", ["shusha"]), ("susa", ["shusha"]), ("CHURCH", ["church"]), ("kis", ["church"]),
                         ("strasse", ["other"]), ("STRASSE", ["other"])]:  # fmt: skip
        assert dataset.sites["id"][dataset.mask(SiteFilter(query=query))].tolist() == found, query


@pytest.mark.parametrize(("query", "text", "found"), SEARCH_TABLE)
def test_the_index_folds_a_column_as_a_query_is_folded(query, text, found):
    folded = fold_column(pd.Series([text, None])).to_pylist()
    assert (re.search(query_pattern(query), folded[0]) is not None) is found
    assert folded[1] == ""
