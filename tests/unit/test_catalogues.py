"""Every message the code uses is in the catalogues: all of them in en and az, the core in the rest.

The messages are found the way a translator's tools find them: Babel's extractor over
heritage/, pages/ and dashboard.py (heritage/i18n/extract.py).
"""

from __future__ import annotations

import re

import pytest

from heritage.i18n import available_languages
from heritage.i18n.catalogues import read_catalogue
from heritage.i18n.extract import COMPLETE_LANGUAGES, CORE_CONTEXTS, SOURCE_LANGUAGE, extract_messages

PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def used():
    """The messages used in the code: (context, msgid) -> message."""
    return {(m.context, m.id): m for m in extract_messages() if m.id}


def _key(message) -> str:
    return f"{message.context + ' | ' if message.context else ''}{message.id}"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def test_the_catalogues_are_en_az_and_ru():
    assert available_languages() == ("en", "az", "ru")


def test_the_code_marks_the_messages_this_test_relies_on(used):
    """If extraction broke, every catalogue would look complete: check it finds known messages."""
    for key in [("status", "Destroyed"), ("nav", "Sites table"), ("legend", "Conservation status")]:
        assert key in used


@pytest.mark.parametrize("language", available_languages())
def test_every_message_used_is_in_the_catalogue(used, language):
    catalogue = read_catalogue(language)
    missing = [_key(m) for (context, msgid), m in used.items() if catalogue.get(msgid, context) is None]
    assert missing == [], f"{language}: run scripts/update_catalogues.py and translate these"


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_complete_languages_translate_every_message(used, language):
    catalogue = read_catalogue(language)
    untranslated = [_key(m) for (context, msgid), m in used.items() if not _translated(catalogue.get(msgid, context))]
    assert untranslated == []


@pytest.mark.parametrize("language", [code for code in available_languages() if code != SOURCE_LANGUAGE])
def test_every_language_translates_the_core(used, language):
    """Navigation, filters, statuses, designations, legend and the language switch, at least."""
    catalogue = read_catalogue(language)
    core = [m for m in used.values() if m.context in CORE_CONTEXTS]
    assert {m.context for m in core} >= {"nav", "status", "designation", "legend", "language"}
    untranslated = [_key(m) for m in core if not _translated(catalogue.get(m.id, m.context))]
    assert untranslated == []


@pytest.mark.parametrize("language", available_languages())
def test_translations_keep_the_placeholders(language):
    """A translation that drops or renames {count} would raise when the page formats it."""
    wrong = []
    for message in read_catalogue(language):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        wrong += [f"{_key(message)} -> {text}" for text in strings if text and set(PLACEHOLDER.findall(text)) != wanted]
    assert wrong == []


# A call such as f"{_('Status')}" hides its message from Babel's extractor (Python 3.11
# tokenizes an f-string as one string), so the message would silently stay English.
HIDDEN_CALL = re.compile(r"""\bf(["']).*\{[^}]*\b(?:_|gettext|pgettext|ngettext)\(""")


def test_no_message_hides_inside_an_f_string():
    from heritage.i18n.extract import REPOSITORY, SOURCES

    files = [p for source in SOURCES for p in sorted((REPOSITORY / source).rglob("*.py"))] + [
        REPOSITORY / "dashboard.py"
    ]
    hidden = [
        f"{path.relative_to(REPOSITORY)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HIDDEN_CALL.search(line)
    ]
    assert hidden == []
