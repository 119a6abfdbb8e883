"""The message catalogues: one `.po` file per language, compiled in memory when first used.

heritage/i18n/locale/<lang>/LC_MESSAGES/heritage.po is the only file a language needs.
Compiling a few hundred messages takes milliseconds, so no `.mo` file is built, committed
or kept in step: a translator edits the `.po` and restarts the app. A catalogue is
compiled once per process (and again when its file changes), then shared by every
session; each session only picks one through its own Translator.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "heritage"


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """Every language with a catalogue, English first, then in code order."""
    found = sorted(path.parent.parent.name for path in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda code: code != "en"))


def read_catalogue(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """The `.po` file as a Babel Catalog (for tests and the update script)."""
    with po_path(language, locale_dir).open("rb") as po_file:
        return read_po(po_file, locale=language, domain=DOMAIN)


def translations(language: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """The compiled catalogue of a language; an unknown language gets the English text."""
    path = po_path(language, locale_dir)
    if not path.is_file():
        return gettext.NullTranslations()
    return _compiled(str(path), path.stat().st_mtime_ns, language)


@functools.lru_cache(maxsize=16)
def _compiled(path: str, modified: int, language: str) -> gettext.GNUTranslations:
    """Keyed on the file's time, so an edited catalogue is read again. Fuzzy entries stay out."""
    with open(path, "rb") as po_file:
        catalogue = read_po(po_file, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
