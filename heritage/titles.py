"""The dashboard's title and its dataset's name: from configuration or the data file, not from code.

In order, for a reader of language `az`:

1. `HERITAGE_TITLE_AZ` (any language code, upper case), then `HERITAGE_TITLE` (every language);
2. the data file's own `title` (or `name`), a top-level member of the GeoJSON
   FeatureCollection written before `features`: a text, or one text per language,
   `{"en": "Heritage sites of Azerbaijan", "az": "Azərbaycanın tarix-mədəniyyət abidələri"}`;
3. a plain "Heritage sites" in the reader's language.

So loading the UNESCO World Heritage List with `HERITAGE_TITLE="UNESCO World Heritage"`, or
a file that names itself, never says "Heritage sites of Azerbaijan".
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from heritage.i18n import ENGLISH, Translator

FileTitle = str | dict[str, str]
HEAD_BYTES = 64 * 1024  # the title sits before the features: a file of any size is read this far only
TITLE_MEMBERS = ("title", "name")


def file_title(path: str | os.PathLike) -> FileTitle | None:
    """The `title` (else `name`) member of a GeoJSON file, read from its head; None when absent.

    A CSV has no place for a title; a member after `features` is not looked for (reading a
    million-site file to find it is not worth it).
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return None
    try:
        with path.open("rb") as data_file:
            head = data_file.read(HEAD_BYTES).decode("utf-8-sig", errors="ignore")
    except OSError:
        return None
    members = _members_before_features(head)
    for name in TITLE_MEMBERS:
        value = _title_value(members.get(name))
        if value:
            return value
    return None


def _members_before_features(text: str) -> dict[str, object]:
    """Top-level members of a JSON object, parsed one by one until `features` or the text runs out."""
    decoder = json.JSONDecoder()
    members: dict[str, object] = {}
    position = _skip(text, 0)
    if not text.startswith("{", position):
        return members
    position += 1
    while True:
        position = _skip(text, position)
        try:
            key, position = decoder.raw_decode(text, position)
            position = _skip(text, position)
            if not isinstance(key, str) or not text.startswith(":", position) or key == "features":
                return members
            value, position = decoder.raw_decode(text, _skip(text, position + 1))
        except json.JSONDecodeError:
            return members
        members[key] = value
        position = _skip(text, position)
        if not text.startswith(",", position):
            return members
        position += 1


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _title_value(value: object) -> FileTitle | None:
    """A non-empty text, or the non-empty texts of a {language: text} mapping."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:200]
    if isinstance(value, Mapping):
        texts = {str(k).lower(): v.strip()[:200] for k, v in value.items() if isinstance(v, str) and v.strip()}
        return texts or None
    return None


def title(
    translator: Translator = ENGLISH,
    from_file: FileTitle | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The title a reader of `translator.language` sees (see the module's docstring for the order)."""
    language = translator.language
    configured = environ.get(f"HERITAGE_TITLE_{language.upper()}") or environ.get("HERITAGE_TITLE")
    if configured and configured.strip():
        return configured.strip()[:200]
    if isinstance(from_file, str):
        return from_file
    if isinstance(from_file, Mapping) and from_file:
        return from_file.get(language) or from_file.get("en") or next(iter(from_file.values()))
    return translator.gettext("Heritage sites")
