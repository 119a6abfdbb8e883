"""OGC API - Features at /api, in process (Starlette's TestClient), on the shipped data.

Counts are read from data/SOURCES.md ("By status: ... `restored` 7") and the shipped file
(900 sites); a link of the same view must select the same sites as the items request.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from heritage import current, links
from heritage.api.ogc import ROUTES
from heritage.briefing import Briefing, briefing_html

SHIPPED_SITES = 900
RESTORED = 9  # data/SOURCES.md, the condition record's counts
# Around central Baku (Icherisheher and its neighbourhoods): 189 shipped sites, 2 intact, 1 restored.
BAKU = "49.7,40.3,50.0,40.5"
BAKU_SITES = 189


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    """The routes on a private store (it loads the shipped condition record, as the app's store does)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('ogc') / 'store.sqlite'}")
    patch.setenv("HERITAGE_CACHE_DIR", str(tmp_path_factory.mktemp("ogc-cache")))
    patch.delenv("HERITAGE_DATA", raising=False)
    yield TestClient(Starlette(routes=ROUTES))
    patch.undo()


def test_landing_conformance_and_collections(client):
    landing = client.get("/api").json()
    assert {link["rel"] for link in landing["links"]} >= {"self", "conformance", "data"}
    assert client.get("/api/").status_code == 200  # OWSLib asks with the slash
    conformance = client.get("/api/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    collections = client.get("/api/collections").json()["collections"]
    assert [c["id"] for c in collections] == ["sites"]
    sites = client.get("/api/collections/sites").json()
    assert sites["itemType"] == "feature"
    west, south, east, north = sites["extent"]["spatial"]["bbox"][0]
    assert 44 < west < east < 51 and 38 < south < north < 42  # Azerbaijan
    licences = {link["href"] for link in sites["links"] if link["rel"] == "license"}
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in licences


def test_items_page_through_every_site_with_next_links(client):
    seen, url = [], "/api/collections/sites/items?limit=400"
    while url:
        page = client.get(url).json()
        assert page["numberMatched"] == SHIPPED_SITES
        assert page["numberReturned"] == len(page["features"])
        assert page["timeStamp"].endswith("Z")
        seen += [feature["id"] for feature in page["features"]]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert len(seen) == SHIPPED_SITES == len(set(seen))


def test_items_with_a_filter_are_the_sites_of_the_same_link(client):
    page = client.get("/api/collections/sites/items?status=restored").json()
    assert page["numberMatched"] == page["numberReturned"] == RESTORED
    assert {feature["properties"]["status"] for feature in page["features"]} == {"restored"}
    dataset = current.current_dataset()
    view = links.parse({"status": ["restored"]}, regions=dataset.regions).state.site_filter
    assert sorted(f["id"] for f in page["features"]) == sorted(dataset.sites[dataset.mask(view)]["id"])
    briefing = briefing_html(dataset, Briefing(view))
    assert f"{RESTORED} of {SHIPPED_SITES}" in briefing  # the briefing's "Sites shown" figure


def test_bbox_and_filters_combine(client):
    page = client.get(f"/api/collections/sites/items?bbox={BAKU}&limit=1").json()
    assert page["numberMatched"] == BAKU_SITES and page["numberReturned"] == 1
    intact = client.get(f"/api/collections/sites/items?bbox={BAKU}&status=intact").json()
    assert intact["numberMatched"] == 2
    for feature in intact["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 49.7 <= lon <= 50.0 and 40.3 <= lat <= 40.5


def test_one_item_and_unknown_ids(client):
    feature = client.get("/api/collections/sites/items/az-2").json()
    assert feature["id"] == "az-2" and feature["properties"]["name_local"] == "İçərişəhər"
    missing = client.get("/api/collections/sites/items/no-such-site")
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound"
    assert client.get("/api/collections/monuments/items").status_code == 404


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("status=ruined", "Bad parameter status=ruined: not a known status."),
        ("year=old", "Bad parameter year=old: expected two numbers like 1900-2100."),
        ("colour=red", "colour: not a parameter of this API."),
        ("bbox=1,2,3", "bbox=1,2,3: expected four numbers, west,south,east,north in degrees."),
        ("bbox=50,41,49,40", "bbox=50,41,49,40: south must not exceed north, within -90..90 and -180..180."),
        ("limit=0", "limit=0: expected a whole number from 1 to 10,000."),
        ("offset=-5", "offset=-5: expected a whole number from 0 to 1,000,000,000."),
        ("f=html", "f=html: this API answers in JSON (f=json)."),
        ("q=" + "x" * 201, "q: a search text of at most 200 characters."),
    ],
)
def test_a_bad_parameter_is_refused_in_one_sentence(client, query, sentence):
    answer = client.get(f"/api/collections/sites/items?{query}")
    assert answer.status_code == 400
    assert answer.json() == {"code": "InvalidParameterValue", "description": sentence}


def test_answers_are_cached_per_data_version(client):
    first = client.get("/api/collections/sites/items?status=damaged")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/api/collections/sites/items?status=damaged", headers={"If-None-Match": tag})
    assert again.status_code == 304
    other = client.get("/api/collections/sites/items?status=intact")
    assert other.headers["etag"] != tag


def test_the_api_definition_lists_every_filter_of_a_link(client):
    landing = client.get("/api").json()
    [described] = [link["href"] for link in landing["links"] if link["rel"] == "service-desc"]
    definition = client.get(described.removeprefix("http://testserver")).json()
    items = definition["paths"]["/collections/{collectionId}/items"]["get"]
    names = {parameter["name"] for parameter in items["parameters"]}
    assert names >= {"bbox", "limit", "offset", "status", "designation", "region", "year", "year_unknown",
                     "progress", "progress_unknown", "q", "contested"}  # fmt: skip


def test_no_traceback_reaches_a_client(client, monkeypatch):
    def broken():
        raise RuntimeError("secret detail at /srv/heritage/data")

    monkeypatch.setattr("heritage.api.ogc.current_dataset", broken)
    answer = client.get("/api/collections/sites/items?status=intact")
    assert answer.status_code == 500
    assert answer.json() == {
        "code": "ServerError",
        "description": "The server could not answer this request; the details are in its log.",
    }


def test_an_unreadable_data_file_is_one_sentence(client, monkeypatch, tmp_path):
    monkeypatch.setenv("HERITAGE_DATA", str(tmp_path / "gone.geojson"))
    answer = client.get("/api/collections/sites/items")
    assert answer.status_code == 503 and "/tmp" not in answer.text
    assert answer.json()["description"] == "The data file cannot be read; the dashboard says why."


def test_a_new_observation_is_a_new_answer(tmp_path, monkeypatch):
    """The answers are kept per data version: an observation recorded in the store changes them."""
    import datetime as dt

    from heritage.store import NewObservation, Store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("HERITAGE_DATABASE_URL", url)
    monkeypatch.setenv("HERITAGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HERITAGE_DATA", raising=False)
    client = TestClient(Starlette(routes=ROUTES))
    before = client.get("/api/collections/sites/items?status=restored")
    assert before.json()["numberMatched"] == RESTORED
    # az-1730 (Cüyürlü kurqanları) has no sourced status in the shipped record.
    Store(url).record_latest(
        [NewObservation("az-1730", "status", "restored", dt.date(2026, 5, 1), "Inspection report 2026/14", "aysel")]
    )
    tag = before.headers["etag"]
    after = client.get("/api/collections/sites/items?status=restored", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert after.json()["numberMatched"] == RESTORED + 1
    assert "az-1730" in {feature["id"] for feature in after.json()["features"]}


def test_items_as_of_a_day(client):
    """`date=` is a view parameter: the record as it stood that day, as on the map."""
    query = "/api/collections/sites/items?q=Yukhari%20Govhar"
    today = client.get(query).json()["features"][0]["properties"]
    then = client.get(query + "&date=2022-06-01").json()["features"][0]["properties"]
    assert (today["status"], today["status_stated"]) == ("restored", "2025-07-17")
    assert (then["status"], then["status_stated"]) == ("under_restoration", "2021-06-09")
