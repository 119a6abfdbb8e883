"""Notes about a link's ignored parts: English text that a page can still show in its reader's language.

Reading a link happens in the core, before anyone's language is known, and the notes are
also printed by the command line in English. A Note is that English text (it is a str, so
tests and the CLI read it as before) and keeps its message and values, so the page shows
`t.gettext(message).format(**values)` instead: "Ignored view=..." was English even in az.
"""

from __future__ import annotations

import re

from heritage.i18n.translator import Translator

# Bidirectional controls (LRE..RLO, LRI..PDI, LRM, RLM, ALM): in a note that quotes a link they
# would reorder the note's own words around the quoted value, so they are taken out.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def without_bidi(text: str) -> str:
    """`text` with its bidirectional control characters taken out (see BIDI_CONTROLS)."""
    return BIDI_CONTROLS.sub("", text)


class Note(str):
    """An English note that remembers its message (marked with N_ or NN_) and its values."""

    message: str
    plural: str | None
    count: int | None
    values: dict[str, object]

    def __new__(cls, message: str | tuple[str, str], count: int | None = None, **values: object) -> Note:
        # The values are parts of a link anyone can write: no direction overrides reach a page.
        values = {name: without_bidi(v) if isinstance(v, str) else v for name, v in values.items()}
        singular, plural = message if isinstance(message, tuple) else (message, None)
        english = plural if plural is not None and count != 1 else singular
        note = super().__new__(cls, english.format(**values, **({"count": f"{count:,}"} if count is not None else {})))
        note.message, note.plural, note.count, note.values = singular, plural, count, values
        return note

    def __reduce__(self):
        message = (self.message, self.plural) if self.plural is not None else self.message
        return (_rebuild, (message, self.count, self.values))

    def translated(self, translator: Translator) -> str:
        """The note in the translator's language; the values (parts of the link) stay as they were."""
        if self.plural is None:
            return translator.gettext(self.message).format(**self.values)
        text = translator.ngettext(self.message, self.plural, self.count or 0)
        return text.format(**self.values, count=translator.number(self.count or 0))


def _rebuild(message, count, values) -> Note:
    return Note(message, count, **values)


def translated(note: str, translator: Translator) -> str:
    """Any note: a Note in the reader's language, a plain str as it is."""
    return note.translated(translator) if isinstance(note, Note) else note
