"""Browser layer: a real `streamlit run` on a free port, driven by Debian's headless Chromium.

One server and one browser per session (starting them is the slow part); every test gets a
fresh browser context, so a fresh Streamlit session with default filters and view.
Chromium resolves every host but localhost to "not found", so the map must work offline.
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from heritage.dataset import Dataset
from heritage.synthetic import synthetic_features, write_geojson

from .mappage import ARTIFACTS, EDITOR, EDITOR_PASSWORD, PATIENCE

expect.set_options(timeout=5_000 * PATIENCE)  # Playwright's own 5 s, with the same patience

REPO = Path(__file__).resolve().parents[2]
# The app that is started: this checkout, or another one (e.g. a clean `git worktree` of a commit).
APP_DIR = Path(os.environ.get("HERITAGE_BROWSER_APP_DIR") or REPO)
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

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


@pytest.fixture(scope="session")
def core(site_data) -> Dataset:
    """The same data as the app reads, loaded by the core (no store): what the pages must agree with."""
    return Dataset.load(site_data.path)


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


@dataclass
class App:
    """A running `streamlit run`, with its own store (observations and scenes) and secrets in `home`."""

    url: str
    log: Path
    home: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.home / 'store.sqlite'}"

    @property
    def secrets(self) -> Path:
        return self.home / "secrets.toml"

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


@contextmanager
def serve(home: Path, data: Path, secrets: str = "", settings: dict[str, str] | None = None) -> Iterator[App]:
    """`streamlit run app.py` (as `make run` starts it) on a free port, writing only inside `home`.

    The store (HERITAGE_DATABASE_URL, scenes included), the cache (HERITAGE_CACHE_DIR) and the secrets
    (`--secrets.files`, which replaces both `.streamlit/secrets.toml` files) are private,
    so the tests never read or write the checkout's data/ or secrets. `settings` are added to the
    server's environment (e.g. HERITAGE_REVIEW).
    """
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    app = App(url=f"http://localhost:{port}", log=home / "streamlit.log", home=home)
    app.secrets.write_text(secrets or "# no editors\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERITAGE_")}
    env.update(
        HERITAGE_DATA=str(data),
        HERITAGE_DATABASE_URL=app.database_url,
        HERITAGE_CACHE_DIR=str(home / "cache"),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    env.update(settings or {})
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.headless", "true",
        "--secrets.files", str(app.secrets),
    ]  # fmt: skip
    with open(app.log, "wb") as log:
        app.process = subprocess.Popen(
            command, cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while _health(app.url) != "ok":
            if app.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"streamlit did not become healthy on {app.url} (exit code {app.process.poll()}):\n{app.log_tail()}"
                )
            time.sleep(0.2)
        yield app
    finally:
        app.stop()


CLUSTER_SCRIPT = REPO / "scripts" / "cluster.sh"
COOKIE = "HERITAGE_SERVER"  # HAProxy's sticky-session cookie in the cluster: which copy serves a browser


@dataclass
class Cluster:
    """Two copies of the dashboard behind HAProxy on one PostgreSQL store (scripts/cluster.sh)."""

    url: str  # the proxy's, as Chromium may reach it ("localhost")
    run: Path  # the run folder: copy-a.pid, copy-b.pid, copy-a.log, pg_dir, haproxy.cfg ...

    def pid(self, copy: str) -> int:
        return int((self.run / f"copy-{copy}.pid").read_text())


@contextmanager
def cluster(home: Path, data: Path, secrets: str = "") -> Iterator[Cluster]:
    """`scripts/cluster.sh start` (the product as shipped: its own config, no extra flags), then stop.

    Writes only inside `home`: the run folder, PostgreSQL's data and the secrets file.
    """
    if not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists():
        raise FileNotFoundError("HAProxy is not installed (make haproxy)")
    home.mkdir(parents=True, exist_ok=True)
    secrets_file = home / "secrets.toml"
    secrets_file.write_text(secrets or "# no editors\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERITAGE_")}
    env.update(
        HERITAGE_CLUSTER_DIR=str(home / "run"), PORT=str(_free_port()), HERITAGE_DATA=str(data),
        HERITAGE_SECRETS_FILE=str(secrets_file), PATH=env.get("PATH", "") + ":/usr/sbin",
    )  # fmt: skip
    command = ["bash", str(CLUSTER_SCRIPT)]
    try:
        started = subprocess.run([*command, "start"], env=env, capture_output=True, text=True, timeout=180)
        if started.returncode != 0:
            raise RuntimeError(f"scripts/cluster.sh start failed:\n{started.stdout}{started.stderr}")
        # Chromium reaches only "localhost" (see chromium.py).
        url = started.stdout.strip().splitlines()[-1].rstrip("/").replace("127.0.0.1", "localhost")
        yield Cluster(url=url, run=home / "run")
    finally:
        stopped = subprocess.run([*command, "stop"], env=env, capture_output=True, text=True, timeout=120)
        if stopped.returncode != 0:
            raise RuntimeError(f"scripts/cluster.sh stop failed:\n{stopped.stderr}")


@pytest.fixture(scope="session")
def app(site_data, tmp_path_factory) -> Iterator[App]:
    """The shared server: the generated data, the default (online) tiles, no editors."""
    with serve(tmp_path_factory.mktemp("browser-app"), site_data.path) as running:
        yield running


def editor_secrets() -> str:
    """Secrets that know the test editor (mappage.EDITOR), for `serve`."""
    from heritage.auth import hash_password

    return f'[editors]\n{EDITOR} = "{hash_password(EDITOR_PASSWORD)}"\n'


@pytest.fixture(scope="session")
def editor_app(site_data, tmp_path_factory) -> Iterator[App]:
    """A server whose secrets know one editor, with a store of its own (the tests write to it)."""
    with serve(tmp_path_factory.mktemp("browser-editor-app"), site_data.path, editor_secrets()) as running:
        yield running


@pytest.fixture
def private_app(site_data, tmp_path) -> Iterator[App]:
    """A server of the test's own, for a test that stops it or must not share its store."""
    with serve(tmp_path / "app", site_data.path) as running:
        yield running


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

    for stale in [*ARTIFACTS.glob("failed-*.png"), *ARTIFACTS.glob("failed-*.html")]:
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
    requests: list[str] = field(default_factory=list)  # every request, in order, whatever its scheme
    console: list[str] = field(default_factory=list)  # the pages' console errors and warnings, for a failure's report

    @staticmethod
    def is_outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOCAL_HOSTS

    def on_request(self, request) -> None:
        self.requests.append(request.url)
        if self.is_outside(request.url):
            self.outside.setdefault(request.url, "pending")

    def on_finished(self, request) -> None:
        if self.is_outside(request.url):
            self.outside[request.url] = "finished"

    def on_failed(self, request) -> None:
        if self.is_outside(request.url):
            self.outside[request.url] = f"failed: {request.failure}"

    def on_console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text[:300]}")

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
def new_page(chromium, browser_log, request) -> Iterator[Callable[..., Page]]:
    """Open pages, each in a fresh context (so a fresh Streamlit session), all recorded in `browser_log`.

    Every context is closed at the end; when the test failed, each page is screenshotted and the
    log of every server the test used is printed.
    """
    pages: list[Page] = []

    def open_page(**options) -> Page:
        context = chromium.new_context(**{"viewport": VIEWPORT, **options})
        context.set_default_timeout(15_000 * PATIENCE)
        context.on("request", browser_log.on_request)
        context.on("requestfinished", browser_log.on_finished)
        context.on("requestfailed", browser_log.on_failed)
        page = context.new_page()
        page.on("dialog", browser_log.on_dialog)
        page.on("console", browser_log.on_console)
        pages.append(page)
        return page

    yield open_page
    if getattr(request.node, "browser_failed", False):
        print(f"--- dialogs: {browser_log.dialogs}")
        print("--- console:\n" + "\n".join(browser_log.console[-30:]))
        for name, value in request.node.funcargs.items():
            if isinstance(value, App):
                print(f"--- end of the streamlit log of `{name}` ({value.url}):\n{value.log_tail()}")
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(pages):
            suffix = f"-{number + 1}" if number else ""
            try:
                page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}{suffix}.png", full_page=True)
                (ARTIFACTS / f"failed-{request.node.name}{suffix}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a failure screenshot must not hide the real failure
                print(f"no failure screenshot: {error}")
    for page in pages:
        page.context.close()


@pytest.fixture
def page(app, new_page) -> Page:
    """A fresh page for the shared server."""
    return new_page()
