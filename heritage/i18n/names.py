"""A site's names in the reader's order: Azerbaijani first in `az`, English first otherwise."""

from __future__ import annotations

from typing import NamedTuple

from heritage.text import fold_letters

LOCAL_FIRST = ("az",)  # languages whose readers want the local (Azerbaijani) name first


class SiteNames(NamedTuple):
    first: str
    other: str | None  # the other name, only when it differs from the first


def _present(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def site_names(name: str, name_local: object, language: str) -> SiteNames:
    """`("Maiden Tower", "Qız qalası")` -> `Qız qalası` then `Maiden Tower` in az.

    Names that differ only in case or accents count as the same, and the other is None.
    """
    english, local = _present(name), _present(name_local)
    first, other = (local, english) if language in LOCAL_FIRST else (english, local)
    first, other = first or other or "", other if first else None
    if other is not None and fold_letters(other) == fold_letters(first):
        other = None
    return SiteNames(first, other)


def site_title(name: str, name_local: object, language: str) -> str:
    """Both names on one line: `Qız qalası (Maiden Tower)`."""
    names = site_names(name, name_local, language)
    return f"{names.first} ({names.other})" if names.other else names.first
