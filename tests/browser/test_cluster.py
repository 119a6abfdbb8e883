"""Through scripts/cluster.sh: two copies behind HAProxy on one PostgreSQL store.

An editor records an observation on copy a; a follower of a live session started on copy a,
served by copy b (HAProxy's cookie says which), sees it without a reload.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .conftest import COOKIE, editor_secrets
from .conftest import cluster as start_cluster
from .mappage import (
    MAP_IFRAME,
    PATIENCE,
    MapPage,
    go_live,
    nav_link,
    query_params,
    sign_in,
    wait_for_script,
    wait_until,
)  # fmt: skip
from .test_editing import open_edit, record_status
from .test_live import destroyed

pytestmark = pytest.mark.browser


_RUN: list[Path] = []  # the running cluster's folder (pid files, PostgreSQL's folder)


def cluster_dir() -> Path:
    return _RUN[-1]


@pytest.fixture(scope="module")
def cluster(site_data, tmp_path_factory) -> Iterator[str]:
    if not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists():
        pytest.skip("HAProxy is not installed (make haproxy)")
    with start_cluster(tmp_path_factory.mktemp("cluster"), site_data.path, editor_secrets()) as running:
        _RUN.append(running.run)
        yield running.url


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


def _move(presenter: Page, lat: float, lon: float, zoom: int) -> None:
    """Move the presenter's map until it shows the view and its address bar names it (the view is posted).

    A redraw of the presenter's page (the store coming back redraws every page) can replace the
    map just after a move, and the new map opens at the last view: then it is moved again.
    """
    wanted = f"{lat:.5f},{lon:.5f},{zoom}"

    def moved() -> bool:
        try:
            frame = MapPage(presenter, "").frame()
            shown = frame.evaluate("[map.getZoom(), map.getCenter().lat, map.getCenter().lng]")
            if shown[0] == zoom and abs(shown[1] - lat) < 1e-4 and abs(shown[2] - lon) < 1e-4:
                return query_params(presenter).get("view") == [wanted]
            frame.evaluate(f"map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        except (AssertionError, PlaywrightError):  # the map's frame is being replaced
            pass
        return False

    wait_until(presenter, moved, bool, 30, "the presenter's map at the view, named in its address")


def _shows(follower: MapPage, lat: float, lon: float, zoom: int, what: str) -> float:
    """Seconds until the follower's map shows the view (printed: the figure is in benchmarks/README.md)."""
    started = time.monotonic()

    def view():
        try:
            return follower.view()
        except Exception:  # the page is reconnecting and its map is being drawn again
            return None

    wait_until(
        follower.page,
        view,
        lambda v: v is not None and v[0] == zoom and abs(v[1] - lat) < 0.01 and abs(v[2] - lon) < 0.01,
        30,
        what,
    )
    seconds = time.monotonic() - started
    print(f"{what}: {seconds:.1f} s")
    return seconds


def test_followers_follow_again_after_a_copy_is_killed_and_after_the_database_restarts(cluster, new_page):
    """Issue 15 "faults in the meeting", issue 21 F4: no reload by hand, never told "ended"."""
    presenter = on_copy(new_page, cluster, "a")
    sign_in(presenter, cluster)
    nav_link(presenter, "Map").click()
    expect(presenter.locator(MAP_IFRAME)).to_be_visible(timeout=30_000 * PATIENCE)
    live_line = go_live(presenter)
    follow_url = cluster + "/?" + live_line.split("?", 1)[1].strip()
    follower = MapPage(on_copy(new_page, cluster, "b"), follow_url).open(timeout=60)
    expect(follower.page.get_by_role("button", name="Stop following")).to_be_visible()
    wait_for_script(presenter)
    _move(presenter, 40.4, 49.85, 10)
    _shows(follower, 40.4, 49.85, 10, "before any fault")

    copy_b = int((cluster_dir() / "copy-b.pid").read_text())
    os.kill(copy_b, signal.SIGKILL)  # the follower's copy
    wait_until(follower.page, lambda: Path(f"/proc/{copy_b}").exists(), lambda alive: not alive, 10, "copy b gone")
    _move(presenter, 40.6, 47.0, 9)
    _shows(follower, 40.6, 47.0, 9, "after copy b was killed")
    served_by = {c["name"]: c["value"] for c in follower.page.context.cookies(cluster)}[COOKIE]
    assert served_by == "a", "the proxy moved the follower to copy a"

    pg, pg_bin = (cluster_dir() / "pg_dir").read_text().strip(), (cluster_dir() / "pg_bin").read_text().strip()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    # Its own log: the server it starts must not hold a pipe of ours open.
    restarted = subprocess.run(
        [*as_postgres, f"{pg_bin}/pg_ctl", "-D", f"{pg}/data", "-l", f"{pg}/postgres.log", "-m", "fast", "-w",
         "restart"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert restarted.returncode == 0
    _move(presenter, 40.4, 49.85, 11)
    _shows(follower, 40.4, 49.85, 11, "after PostgreSQL restarted")
    expect(follower.page.get_by_text("The live session has ended")).to_have_count(0)
    expect(follower.page.get_by_role("button", name="Stop following")).to_be_visible()
