"""The app's HTTP routes are an outside surface: hostile links get 400 and one sentence (issue 15)."""

from __future__ import annotations

import json
import re

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from heritage import mapviews
from heritage.api import routes
from tests.app.hostile import HOSTILE_LINKS, TRACEBACK_SIGNS

AREA = {"bbox": "38.2,44.6,41.95,50.9", "zoom": "7"}  # Azerbaijan at the map's start zoom


@pytest.fixture
def client(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    return TestClient(Starlette(routes=routes()))


def test_the_layer_of_a_view_holds_its_sites_and_is_cached_by_etag(client):
    answer = client.get("/api/layer", params=AREA)
    assert answer.status_code == 200
    layer = answer.json()
    assert len(layer["singles"]) + sum(c[2] for c in layer["clusters"]) == 300  # every generated site
    again = client.get("/api/layer", params=AREA, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_layer_says_what_it_cost_the_server(client):
    """Server-Timing: the route's whole work, and computing the layer, or that the cache answered."""
    area = {"bbox": "38.31,44.71,41.91,50.81", "zoom": "8"}  # an area no other test asks for: computed here
    first = client.get("/api/layer", params=area).headers["server-timing"]
    assert re.fullmatch(r"route;dur=\d+\.\d, layer;dur=\d+\.\d", first), first
    again = client.get("/api/layer", params=area).headers["server-timing"]
    assert re.fullmatch(r"route;dur=\d+\.\d, cached", again), again


def test_the_layer_holds_only_what_the_filter_asks_for(client):
    layer = client.get("/api/layer", params={**AREA, "status": "damaged", "zoom": "15"}).json()
    assert layer["clusters"] == []  # at zoom 15 every site is drawn on its own
    assert {single[2] for single in layer["singles"]} == {2}  # status code 2: damaged
    assert all(38.2 <= s[0] <= 41.95 and 44.6 <= s[1] <= 50.9 for s in layer["singles"])


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        ({"bbox": "1,2,3", "zoom": "7"}, "Ignored bbox=1,2,3: expected south,west,north,east in degrees."),
        ({"bbox": "nan,1,2,3", "zoom": "7"}, "Ignored bbox=nan,1,2,3: latitudes from -90 to 90"),
        ({"bbox": "41,44,40,50", "zoom": "7"}, "Ignored bbox=41,44,40,50: latitudes from -90 to 90"),
        ({**AREA, "zoom": "99"}, "Ignored zoom=99: expected a whole number from 1 to 19."),
        ({**AREA, "zoom": "٣"}, "Ignored zoom=٣: expected a whole number from 1 to 19."),
        ({**AREA, "zoom": "0"}, "Ignored zoom=0: expected a whole number from 1 to 19."),
        ({"bbox": AREA["bbox"]}, "Expected one zoom parameter."),
        ({**AREA, "status": "bogus"}, "Ignored status=bogus"),
    ],
)
def test_a_bad_parameter_gets_400_and_one_sentence(client, params, sentence):
    answer = client.get("/api/layer", params=params)
    assert answer.status_code == 400
    assert answer.text.startswith(sentence)
    assert "\n" not in answer.text


@pytest.mark.parametrize("link", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_hostile_links_sent_to_the_routes_get_a_sentence_never_a_traceback(client, link):
    answers = [
        client.get("/api/layer", params={**link, **AREA}),
        client.get("/api/events", params=link),
        client.post("/api/view", data={"token": "x" * 32, **{k: v for k, v in link.items() if k == "view"}}),
        client.post("/api/drawn", data={"token": str(next(iter(link.values()), ""))[:200]}),
    ]
    for answer in answers:
        assert answer.status_code in (200, 204, 400), (answer.status_code, answer.text[:200])
        if answer.status_code == 400:
            assert not TRACEBACK_SIGNS.search(answer.text), answer.text
            # Plain text that no browser sniffs as HTML: a Markdown link in it stays text.
            assert answer.headers["content-type"].startswith("text/plain")
            assert answer.headers["x-content-type-options"] == "nosniff"
        elif answer.status_code == 200:
            json.loads(answer.text)  # a layer: JSON, never a page


def test_a_live_code_that_cannot_be_one_is_refused(client):
    answer = client.get("/api/events", params={"follow": "<script>"})
    assert answer.status_code == 400
    assert answer.text == "Ignored follow=<script>: not a live-session code."


def test_a_view_post_needs_a_page_token_and_a_view_in_range(client):
    assert client.post("/api/view", data={"token": "short", "view": "40,47,7"}).status_code == 400
    bad = client.post("/api/view", data={"token": "t" * 32, "view": "91,47,7"})
    assert bad.status_code == 400
    assert bad.text == "Ignored view=91,47,7: latitude, longitude or zoom out of range."
    assert client.post("/api/view", data={"token": "t" * 32, "view": "40.1,47.5,8"}).status_code == 204


def test_the_maps_word_that_it_has_drawn_needs_a_page_token_and_lets_a_waiting_page_go_on(client):
    """POST /api/drawn: what a page load waits for before drawing its filters (heritage/ui/firstpaint.py)."""
    refused = client.post("/api/drawn", data={"token": "<b>x</b>"})
    assert (refused.status_code, refused.text) == (400, "Ignored token: not a page of this dashboard.")
    assert client.post("/api/drawn", data={"token": "n" * 32}).status_code == 204  # no page waits: no harm
    arrival = mapviews.expect_drawn("w" * 32)
    try:
        assert not arrival.is_set()
        assert client.post("/api/drawn", data={"token": "v" * 32}).status_code == 204  # another page's word
        assert not arrival.is_set()
        assert client.post("/api/drawn", data={"token": "w" * 32}).status_code == 204
        assert arrival.is_set()
    finally:
        mapviews.stop_expecting("w" * 32)


def test_the_layer_of_a_past_day_draws_the_record_as_it_stood(monkeypatch):
    """`date=` reaches the layer: the Yukhari Govhar Agha mosque (cs-yukhari-govhar-agha, shipped data) was not yet
    restored on 2022-06-01 (restored since 2023-05-10), so its marker's status differs then and now."""
    monkeypatch.delenv("HERITAGE_DATA", raising=False)
    client = TestClient(Starlette(routes=routes()))
    area = {"bbox": "39.7,46.7,39.8,46.8", "zoom": "17", "q": "Yukhari Govhar"}
    now = client.get("/api/layer", params=area).json()["singles"]
    then = client.get("/api/layer", params={**area, "date": "2022-06-01"}).json()["singles"]
    assert len(now) == len(then) == 1
    assert now[0][2] == 5  # restored (heritage.schema STATUSES order)
    assert then[0][2] != 5
