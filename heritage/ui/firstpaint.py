"""The map first, then the rest of the map page: a person opening a link sees the sites soonest.

Streamlit's browser side draws a run's elements together: the map's frame entered the page
only once React had drawn the filters, the title bar and the tiles (~0.4 s of the browser's
main thread on 2 cores), and the map's own scripts ran after that on the same thread. So on
a page load (the session's first run, with a browser attached) the map page draws its map,
waits until the map says it has drawn its first markers (POST /api/drawn, at most MAX_WAIT
seconds), and only then draws the rest. Measured with `benchmarks/run.py --apps dashboard,floor`
(benchmarks/README.md, "First marker against the floor"): the first marker came 0.33 s sooner,
with the floor's, and the filters 0.27 s later (the map is what a link is opened for). The wait
is an event (no CPU) and holds only this page's run; later runs, and a run with no browser
(AppTest), do not wait.

The title bar and tiles go above the map: their place is kept (`header_slot`, its height
reserved) so that the map does not move down when they come.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from heritage import mapviews
from heritage.ui import viewstate

MAX_WAIT = 1.0  # seconds a page load waits for its map at most (a hidden tab, a map that failed)
HEADER_KEY = "page_header"
TILES_KEY = "indicator_tiles"  # heritage/ui/panels.py: the header's last part
# How tall the title bar with its buttons and tiles is (px), measured in Chromium on the shipped
# data: the presenter's bar in any language; else by language, in windows at least WIDTHS px wide
# (the tiles wrap in narrower ones). Notes about a link make it taller: the map then moves down
# once when they come.
PRESENTER_HEIGHT = 235
WIDTHS = (1600, 1200, 0)
HEADER_HEIGHT = {"en": (248, 248, 367), "az": (248, 248, 420), "ru": (248, 301, 420)}


@contextmanager
def map_first(page_load: bool) -> Iterator[None]:
    """Draw the map inside; on leaving, a page load waits until the browser has drawn it (see the module)."""
    token = viewstate.page_token() if page_load and st.context.url is not None else None
    if token is None:
        yield
        return
    arrival = mapviews.expect_drawn(token)  # before the map is sent: its word may come back quickly
    try:
        yield
        arrival.wait(MAX_WAIT)
    finally:
        mapviews.stop_expecting(token)


def header_slot(present: bool, language: str | None) -> st.delta_generator.DeltaGenerator:
    """The place above the map for the title bar and tiles, to fill after the map; as tall as they are meanwhile.

    A rule gives it their height until its tiles are in. Streamlit draws no container that holds
    nothing, so it holds an empty element from the start.
    """
    heights = (PRESENTER_HEIGHT,) * len(WIDTHS) if present else HEADER_HEIGHT.get(language or "", HEADER_HEIGHT["en"])
    waiting = f".st-key-{HEADER_KEY}:not(:has(.st-key-{TILES_KEY} [data-testid='stMetric']))"
    rules = [
        f"@media (min-width: {width}px) {{ {waiting} {{ min-height: {height}px; }} }}"
        for width, height in zip(WIDTHS[::-1], heights[::-1], strict=True)
    ]
    st.html("<style>" + " ".join(rules) + "</style>")
    place = st.container(key=HEADER_KEY)
    place.empty()
    return place
