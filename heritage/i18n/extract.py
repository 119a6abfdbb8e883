"""Which messages the code uses, found by Babel's extractor, and what each catalogue must cover.

The test (tests/unit/test_catalogues.py) and scripts/update_catalogues.py both read the
code through here, so they agree on where messages are and how they are marked.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

REPOSITORY = Path(__file__).resolve().parents[2]
# Where messages are used: the core, the pages and the entry point.
SOURCES = ("heritage", "pages", "dashboard.py")
# Babel's own keywords (_, gettext, ngettext, pgettext, npgettext, N_) plus NC_ and NN_, the
# context and plural markers of heritage/i18n/markers.py. The extractor sees calls by their name, so
# `t.gettext("...")`, `t.pgettext("nav", "...")` and `_ = t.gettext; _("...")` are all found.
KEYWORDS = {**DEFAULT_KEYWORDS, "NC_": ((1, "c"), 2), "NN_": (1, 2)}
# The language of the messages in the code: its catalogue must list every message, and
# may leave a msgstr empty (the code's text) or change the wording.
SOURCE_LANGUAGE = "en"
COMMENT_TAGS = ("TRANSLATORS:",)  # a comment starting so, above a message, reaches the translator
# Languages in which every message must be translated.
COMPLETE_LANGUAGES = ("az",)
# Any other language (ru today) must cover at least the messages in these contexts:
# what a visitor needs to find their way (navigation, filters, statuses, designations,
# the map legend, the language switch).
CORE_CONTEXTS = ("nav", "filter", "status", "designation", "legend", "language")


def extract_messages(repository: Path = REPOSITORY) -> Catalog:
    """Every message marked in SOURCES, as a template catalogue (no translations)."""
    catalogue = Catalog(domain="heritage", project="Heritage Map", fuzzy=False)
    for source in SOURCES:
        path = repository / source
        if path.is_dir():
            found = (
                (Path(source) / filename, *rest)
                for filename, *rest in extract_from_dir(
                    path, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS
                )
            )
        else:
            found = (
                (Path(source), *rest)
                for rest in extract_from_file("python", path, keywords=KEYWORDS, comment_tags=COMMENT_TAGS)
            )
        for filename, line, message, comments, context in found:
            catalogue.add(message, None, [(filename.as_posix(), line)], auto_comments=comments, context=context)
    return catalogue
