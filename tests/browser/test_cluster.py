"""Through scripts/cluster.sh: two copies behind HAProxy on one PostgreSQL store.

An editor records an observation on copy a; a follower of a live session started on copy a,
served by copy b (HAProxy's cookie says which), sees it without a reload.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import editor_secrets
from .mappage import MAP_IFRAME, PATIENCE, MapPage, go_live, nav_link, sign_in, wait_for_script, wait_until
from .test_editing import open_edit, record_status
from .test_live import destroyed

pytestmark = pytest.mark.browser
CLUSTER = Path(__file__).resolve().parents[2] / "scripts" / "cluster.sh"
COOKIE = "HERITAGE_SERVER"  # HAProxy's sticky-session cookie: which copy serves this browser


@pytest.fixture(scope="module")
def cluster(site_data, tmp_path_factory) -> Iterator[str]:
    if not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists():
        pytest.skip("HAProxy is not installed (make haproxy)")
    home = tmp_path_factory.mktemp("cluster")
    secrets = home / "secrets.toml"
    secrets.write_text(editor_secrets(), encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERITAGE_")}
    env.update(
        HERITAGE_CLUSTER_DIR=str(home / "run"), PORT=str(port), HERITAGE_DATA=str(site_data.path),
        HERITAGE_SECRETS_FILE=str(secrets), PATH=env.get("PATH", "") + ":/usr/sbin",
    )  # fmt: skip
    try:
        started = subprocess.run(["bash", str(CLUSTER), "start"], env=env, capture_output=True, text=True, timeout=180)
        assert started.returncode == 0, started.stdout + started.stderr
        # Chromium reaches only "localhost" in these tests (see chromium.py).
        yield started.stdout.strip().splitlines()[-1].rstrip("/").replace("127.0.0.1", "localhost")
    finally:
        stopped = subprocess.run(["bash", str(CLUSTER), "stop"], env=env, capture_output=True, text=True, timeout=120)
        assert stopped.returncode == 0, stopped.stderr


def on_copy(new_page, url: str, copy: str) -> Page:
    page = new_page()
    page.context.add_cookies([{"name": COOKIE, "value": copy, "url": url}])
    return page


def test_an_observation_on_one_copy_reaches_a_follower_on_the_other(cluster, new_page, site_data):
    presenter = on_copy(new_page, cluster, "a")
    sign_in(presenter, cluster)
    nav_link(presenter, "Map").click()
    expect(presenter.locator(MAP_IFRAME)).to_be_visible(timeout=30_000 * PATIENCE)  # this copy's first map: cold caches
    live_line = go_live(presenter)
    follow_url = cluster + "/?" + live_line.split("?", 1)[1].strip()

    follower = MapPage(on_copy(new_page, cluster, "b"), follow_url).open(timeout=60)
    expect(follower.page.get_by_role("button", name="Stop following")).to_be_visible()
    wait_for_script(follower.page)
    before = destroyed(follower.page)

    editor = on_copy(new_page, cluster, "a")
    sign_in(editor, cluster)
    target = site_data.by_id("syn-1")["properties"]
    assert target["status"] != "destroyed"
    open_edit(editor, target)
    wait_for_script(editor)
    record_status(editor, "destroyed", "Inspection report 2026/9")
    expect(editor.get_by_text("Recorded for 1 site")).to_be_visible(timeout=15_000 * PATIENCE)

    wait_until(
        follower.page, lambda: destroyed(follower.page), lambda n: n == before + 1, 15, "the follower to count the edit"
    )
    assert follower.page.context.cookies(cluster)[0]["value"] == "b"
