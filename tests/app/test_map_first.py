"""The map page reads its filters before it draws their boxes (heritage/ui/firstpaint.py): both must agree.

The map is drawn from the values the session holds at the start of the run; the boxes, drawn
after it, must hold the same, or the map would show other sites than the filters say.
"""

from __future__ import annotations

import pytest

from heritage import filters
from heritage.dataset import Dataset
from heritage.ui import viewstate
from heritage.ui.sidebar import choices
from tests.app.pages import open_page

LINKS = {
    "no filter": {},
    "a status": {"status": "damaged"},
    "two statuses and a region": {"status": "damaged,restored", "region": "Shusha"},
    "years": {"year": "2000-2010"},
    "progress without unknown": {"progress": "20-80", "progress_unknown": "0"},
    "sources disagree": {"contested": "1"},
    "a day and since": {"date": "2022-06-01", "since": "2021-01-01"},
    "stated before": {"stated_before": "2020"},
    "a search": {"q": "mosque"},
    "presenter mode": {"present": "1", "status": "intact"},
    "a bad year": {"year": "abc"},
}


@pytest.fixture
def app_env(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    return synthetic_file


def _boxes(app) -> dict[str, object]:
    """What the filter boxes in the sidebar hold, by key."""
    kinds = (app.text_input, app.multiselect, app.slider, app.checkbox, app.date_input, app.number_input)
    return {widget.key: widget.value for kind in kinds for widget in kind if widget.key}


@pytest.mark.parametrize("link", LINKS.values(), ids=LINKS.keys())
def test_the_filter_the_map_used_is_what_the_boxes_hold(app_env, link):
    app = open_page(params=link)
    used = app.session_state[viewstate.KEY].state.site_filter
    offered = choices(Dataset.load(app_env))
    assert filters.from_widgets(_boxes(app), offered) == used
