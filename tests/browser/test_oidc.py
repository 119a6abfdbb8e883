"""Sign-in with an organisation's account (OpenID Connect, st.login) up to the identity provider (F9).

A stub identity provider, started here on localhost, serves the discovery document and an
(empty) key set; the test clicks the Editors page's button in Chromium and follows the
dashboard's redirect to the provider's authorisation page. Without Authlib (which st.login
needs) this never gets there.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.browser.mappage import PATIENCE, assert_no_exception, nav_link, open_page, screenshot

pytestmark = pytest.mark.browser

CLIENT_ID = "heritage-map-test"
REDIRECT_URI = "http://localhost:8501/oauth2callback"


class _Provider(BaseHTTPRequestHandler):
    """The least an OIDC provider serves before a person signs in: discovery, keys, a sign-in page."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        base = f"http://localhost:{self.server.server_port}"
        path = urlsplit(self.path).path
        if path == "/.well-known/openid-configuration":
            self._send("application/json", json.dumps({
                "issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                "jwks_uri": f"{base}/jwks", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"], "end_session_endpoint": f"{base}/logout",
            }))  # fmt: skip
        elif path == "/jwks":
            self._send("application/json", json.dumps({"keys": []}))
        elif path == "/authorize":
            self._send("text/html", "<!doctype html><title>Stub provider</title><h1>Stub provider sign-in</h1>")
        else:
            self.send_error(404)

    def _send(self, kind: str, body: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def oidc_app(site_data, tmp_path_factory, provider):
    secrets = (
        "[auth]\n"
        f'redirect_uri = "{REDIRECT_URI}"\n'
        'cookie_secret = "a test cookie secret of some length"\n'
        f'client_id = "{CLIENT_ID}"\n'
        'client_secret = "a test client secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "[oidc_editors]\n"
        'emails = ["aysel@example.gov.az"]\n'
    )
    with serve(tmp_path_factory.mktemp("browser-oidc-app"), site_data.path, secrets) as running:
        yield running


def test_the_organisation_button_leads_to_the_identity_provider(new_page, oidc_app, provider):
    page = new_page()
    open_page(page, oidc_app.url, nav_link(page, "Editors"))
    nav_link(page, "Editors").click()
    button = page.get_by_role("button", name="Sign in with your organisation's account")
    expect(button).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "editors-oidc")
    button.click()
    page.wait_for_url(f"{provider}/authorize?**", timeout=30_000 * PATIENCE)
    expect(page.get_by_role("heading", name="Stub provider sign-in")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert query["client_id"] == [CLIENT_ID] and query["redirect_uri"] == [REDIRECT_URI]
    assert query["response_type"] == ["code"] and query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]
