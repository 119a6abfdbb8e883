"""Browser layer: a real `streamlit run` on a free port, driven by Debian's headless Chromium.

One server and one browser per session (starting them is the slow part); every test gets a
fresh browser context, so a fresh Streamlit session with default filters and view.
Chromium resolves every host but localhost to "not found", so the map must work offline.
"""

from __future__ import annotations

import copy
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from heritage.synthetic import synthetic_features, write_geojson

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
# The app that is started: this checkout, or another one (e.g. a clean `git worktree` of a commit).
APP_DIR = Path(os.environ.get("HERITAGE_BROWSER_APP_DIR") or REPO)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
VIEWPORT = {"width": 1400, "height": 1000}  # the map then shows all of Azerbaijan at zoom 7 and 8
SYNTHETIC_COUNT = 60
HOSTILE_ID = "hostile-xss"
HOSTILE_NAME = "<img src=x onerror=alert(1)>${alert(2)}`"
HOSTILE_DESCRIPTION = "<script>alert(3)</script> `${alert(4)}`"
STARTUP_TIMEOUT = 60
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "about", "blob", "chrome-error", "chrome"}


@dataclass(frozen=True)
class SiteData:
    path: Path
    features: list[dict]

    @property
    def properties(self) -> list[dict]:
        return [f["properties"] for f in self.features]

    def by_id(self, site_id: str) -> dict:
        return next(f for f in self.features if f["properties"]["id"] == site_id)


@pytest.fixture(scope="session")
def site_data(tmp_path_factory) -> SiteData:
    features = synthetic_features(SYNTHETIC_COUNT)
    hostile = copy.deepcopy(features[0])
    hostile["properties"].update(
        id=HOSTILE_ID, name=HOSTILE_NAME, description=HOSTILE_DESCRIPTION, registry_number="X-1"
    )
    hostile["geometry"] = {"type": "Point", "coordinates": [46.0, 41.5]}
    features.append(hostile)
    path = write_geojson(tmp_path_factory.mktemp("browser-data") / "sites.geojson", features)
    return SiteData(path=path, features=features)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip()
    except OSError:
        return None


@dataclass(frozen=True)
class App:
    url: str
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@pytest.fixture(scope="session")
def app(site_data, tmp_path_factory) -> App:
    """`streamlit run dashboard.py` with the generated data and the default (online) tiles."""
    port = _free_port()
    url = f"http://localhost:{port}"
    log_path = tmp_path_factory.mktemp("browser-server") / "streamlit.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERITAGE_")}
    env.update(HERITAGE_DATA=str(site_data.path), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    app = App(url=url, log=log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while _health(url) != "ok":
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"streamlit did not become healthy on {url} (exit code {process.poll()}):\n{app.log_tail()}"
                )
            time.sleep(0.2)
        yield app
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    from playwright.sync_api import sync_playwright

    for stale in ARTIFACTS.glob("failed-*.png"):
        stale.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What the page did that tests want to know about: dialogs and requests leaving localhost."""

    dialogs: list[str] = field(default_factory=list)
    outside: dict[str, str] = field(default_factory=dict)  # url -> pending / finished / failed: why

    @staticmethod
    def is_outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOCAL_HOSTS

    def on_request(self, request) -> None:
        if self.is_outside(request.url):
            self.outside.setdefault(request.url, "pending")

    def on_finished(self, request) -> None:
        if self.is_outside(request.url):
            self.outside[request.url] = "finished"

    def on_failed(self, request) -> None:
        if self.is_outside(request.url):
            self.outside[request.url] = f"failed: {request.failure}"

    def on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def succeeded_outside(self) -> dict[str, str]:
        return {url: state for url, state in self.outside.items() if not state.startswith("failed")}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when in ("setup", "call") and report.failed:
        item.browser_failed = True
    return report


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture(scope="session")
def app_url(app) -> str:
    return app.url


@pytest.fixture
def page(chromium, app, browser_log, request):
    """A fresh context (so a fresh Streamlit session) with dialogs and outside requests recorded."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    context.on("request", browser_log.on_request)
    context.on("requestfinished", browser_log.on_finished)
    context.on("requestfailed", browser_log.on_failed)
    page = context.new_page()
    page.on("dialog", browser_log.on_dialog)
    yield page
    if getattr(request.node, "browser_failed", False):
        print(f"--- dialogs: {browser_log.dialogs}\n--- end of the streamlit log:\n{app.log_tail()}")
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
        except Exception as error:  # a failure screenshot must not hide the real failure
            print(f"no failure screenshot: {error}")
    context.close()
