"""Bring the message catalogues in step with the code: `.venv/bin/python scripts/update_catalogues.py`.

Extracts every marked message from heritage/, pages/ and dashboard.py (the same way the
catalogue test does), then for each heritage/i18n/locale/<lang>/LC_MESSAGES/heritage.po:
adds new messages (untranslated; no fuzzy guesses, they mislead more than they help) and
drops ones no longer used. Translators then fill in the empty `msgstr`s, in any .po editor.

    --new CODE   start a catalogue for a new language (e.g. `--new tr`): the one file it needs.
    --check      change nothing; exit 1 if a catalogue lacks a message the code uses.

No `.mo` file is written: heritage/i18n/catalogues.py compiles the `.po` when it is loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heritage.i18n.catalogues import LOCALE_DIR, available_languages, po_path, read_catalogue  # noqa: E402
from heritage.i18n.extract import extract_messages  # noqa: E402


def write(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po_file:
        write_po(po_file, catalogue, width=100, include_previous=True, ignore_obsolete=True, include_lineno=False)


def missing(catalogue: Catalog, template: Catalog) -> list[str]:
    return [str(m.id) for m in template if m.id and catalogue.get(m.id, m.context) is None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--new", metavar="CODE", help="start the catalogue of a new language")
    parser.add_argument("--check", action="store_true", help="report missing messages, change nothing")
    args = parser.parse_args()
    template = extract_messages()
    languages = list(available_languages())
    if args.new:
        if args.new in languages:
            parser.error(f"{args.new} already has a catalogue: {po_path(args.new)}")
        write(Catalog(locale=args.new, domain="heritage", project="Heritage Map"), po_path(args.new))
        languages.append(args.new)
    problems = 0
    for language in languages:
        catalogue = read_catalogue(language)
        if args.check:
            gaps = missing(catalogue, template)
            problems += len(gaps)
            print(f"{language}: {len(gaps)} messages missing" + "".join(f"\n  {gap}" for gap in gaps))
            continue
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        write(catalogue, po_path(language))
        print(f"{po_path(language).relative_to(LOCALE_DIR.parents[2])}: {len(catalogue)} messages")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
