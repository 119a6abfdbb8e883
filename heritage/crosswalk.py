"""Our statuses in Wikidata's terms: the "state of conservation" (P5816) value where one fits.

Only values whose meaning matches ours are given (data/SOURCES.md, "Wikidata crosswalk", says
why each fits or not); a status with no fitting value has none, rather than a near miss.
"""

from __future__ import annotations

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
STATE_OF_CONSERVATION = "P5816"
REGISTRY_NUMBER = "P13410"  # the Azerbaijani heritage registry number (the shipped data's source)

# status -> (Wikidata item, its English label): the values shown as examples on P5816's page.
P5816: dict[str, tuple[str, str]] = {
    "intact": ("Q56557591", "preserved"),
    "at_risk": ("Q55555088", "in danger"),
    "destroyed": ("Q56556915", "demolished or destroyed"),
}


def state_of_conservation(status: str) -> str | None:
    """The Wikidata item (a full URI) for `status`, or None when no P5816 value fits."""
    fitting = P5816.get(status)
    return WIKIDATA_ENTITY + fitting[0] if fitting else None
