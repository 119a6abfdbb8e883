"""The public API counts a proposal only once a second person approved it (HERITAGE_REVIEW=required)."""

from __future__ import annotations

import datetime as dt

from starlette.applications import Starlette
from starlette.testclient import TestClient

from heritage.api.ogc import ROUTES
from heritage.store import NewObservation, Store

RESTORED = 9  # data/SOURCES.md, the shipped condition record's count of `restored`


def test_the_api_does_not_count_a_proposal_until_it_is_approved(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("HERITAGE_DATABASE_URL", url)
    monkeypatch.setenv("HERITAGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HERITAGE_DATA", raising=False)
    monkeypatch.setenv("HERITAGE_REVIEW", "required")  # the shipped condition record still counts: reviewed
    client = TestClient(Starlette(routes=ROUTES))
    query = "/api/collections/sites/items?status=restored"
    assert client.get(query).json()["numberMatched"] == RESTORED
    # az-1730 (Cüyürlü kurqanları) has no sourced status in the shipped record.
    proposal = NewObservation(
        "az-1730", "status", "restored", dt.date(2026, 5, 1), "Inspection report 2026/14", "aysel"
    )
    [proposal_id] = Store(url).record_latest([proposal])
    assert client.get(query).json()["numberMatched"] == RESTORED
    Store(url).review_observation(proposal_id, "rauf", "approved")
    answer = client.get(query).json()
    assert answer["numberMatched"] == RESTORED + 1
    assert "az-1730" in {feature["id"] for feature in answer["features"]}
