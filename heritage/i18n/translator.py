"""One person's language: their messages, numbers and dates. One object per session.

Never `gettext.install()`: that would set one language for the whole process, and a
Streamlit server serves many people at once, each in their own language.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from heritage.i18n.catalogues import translations

DEFAULT_LANGUAGE = "en"


class Translator:
    """Messages and formats of one language.

    >>> t = Translator("az")
    >>> t.number(1234)
    '1.234'
    >>> t.date("2024-03-05")
    '5 mart 2024'
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language
        self.locale = Locale.parse(language)
        self._messages: gettext.NullTranslations = translations(language)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    def gettext(self, message: str) -> str:
        return self._messages.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for `count` by the language's plural rule (Russian has three)."""
        return self._messages.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """A message in a context: "status"/"Unknown" and "filter"/"Unknown" may differ."""
        return self._messages.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self._messages.npgettext(context, singular, plural, count)

    def number(self, value: float, decimals: int | None = None) -> str:
        """`1234` -> `1.234` (az), `1,234` (en), `1 234` (ru)."""
        if decimals is None:
            return format_decimal(value, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def date(self, value: dt.date | str) -> str:
        """A day in words: `5 mart 2024` (az), `March 5, 2024` (en); ISO text is accepted."""
        day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self.locale)

    @property
    def language_name(self) -> str:
        """The language's own name for itself, for the language switch: `azərbaycan`."""
        return language_name(self.language)


@functools.cache
def language_name(language: str) -> str:
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


@functools.cache
def translator(language: str) -> Translator:
    """The shared, read-only Translator of a language (they hold no per-person state)."""
    return Translator(language)


ENGLISH = translator(DEFAULT_LANGUAGE)
