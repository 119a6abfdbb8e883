"""Which language a person gets: `?lang=`, else the browser's preferences, else English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from heritage.i18n.translator import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Choice:
    language: str
    explicit: bool  # asked for in the link (or the switch): kept in shared links


def supported(tag: str | None, available: Sequence[str]) -> str | None:
    """`az-Latn-AZ` -> `az` when there is an az catalogue; None when no catalogue fits."""
    if not tag:
        return None
    tag = tag.strip().replace("_", "-").lower()
    if tag in available:
        return tag
    primary = tag.split("-")[0]
    return primary if primary in available else None


def accept_language(header: str | None) -> list[str]:
    """The tags of an Accept-Language header, most wanted first; q=0 means "not this"."""
    weighted = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(
    requested: str | None,
    header: str | None,
    browser_locale: str | None,
    available: Sequence[str],
) -> Choice:
    """The language for a session.

    >>> negotiate(None, "ru-RU,ru;q=0.9,az;q=0.8", None, ("en", "az"))
    Choice(language='az', explicit=False)
    """
    if (language := supported(requested, available)) is not None:
        return Choice(language, explicit=True)
    for tag in [*accept_language(header), browser_locale]:
        if (language := supported(tag, available)) is not None:
            return Choice(language, explicit=False)
    return Choice(DEFAULT_LANGUAGE, explicit=False)
