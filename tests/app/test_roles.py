"""Roles under AppTest: who gets the Review and Audit pages, OIDC groups, and sign-ins in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from heritage.auth import SignInThrottle, hash_password
from heritage.store import Store
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.app.test_editing import PASSWORD
from tests.app.test_signin import OIDC, attempt

PEOPLE = {"leyla": "editor", "rauf": "reviewer", "nigar": "admin"}


DIGEST = hash_password(PASSWORD)


def new_app() -> AppTest:
    test = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    test.secrets["editors"] = {name: DIGEST for name in PEOPLE}
    test.secrets["roles"] = {"rauf": "reviewer", "nigar": "admin"}
    return test


@pytest.fixture
def app(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return new_app()


def pages_of(name: str | None) -> set[str]:
    """The role pages a session signed in as `name` (None: a viewer) can open: one fresh session per page."""
    found = set()
    for page in ("edit", "import", "review", "audit"):
        app = new_app()
        if name:
            app.session_state["editor"] = name
        app.run()
        try:
            app.switch_page(f"pages/{page}.py").run()
        except ValueError:  # not in this session's navigation
            continue
        assert not app.exception, app.exception
        found.add(page)
    return found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, set()),
        ("leyla", {"edit", "import"}),
        ("rauf", {"edit", "import", "review"}),
        ("nigar", {"edit", "import", "review", "audit"}),
    ],
)
def test_each_role_gets_its_pages_and_no_more(app, name, expected):
    assert pages_of(name) == expected


def test_an_oidc_group_makes_a_reviewer(app):
    app.secrets["auth"] = OIDC
    app.secrets["oidc_roles"] = {"reviewers": ["heritage-reviewers"]}
    app.user = {"is_logged_in": True, "email": "r@example.gov.az", "email_verified": True,
                "groups": ["heritage-reviewers"]}  # fmt: skip
    app.run()
    app.switch_page("pages/review.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review proposals"
    assert [(r.who, r.action) for r in Store().audit_trail().itertuples()] == [("r@example.gov.az", "sign-in")]


def test_sign_ins_and_failures_are_in_the_audit_trail_with_the_name_tried(app, monkeypatch):
    monkeypatch.setattr(SignInThrottle, "_delay", lambda self, count: 0.0)  # no wait before the second try
    app.run()
    app.switch_page("pages/editors.py").run()
    assert attempt(app, "rauff", "not the password") == "Wrong name or password."
    app.text_input(key="signin_name").input("rauf")
    app.text_input(key="signin_password").input(PASSWORD)
    app.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert app.session_state["editor"] == "rauf"
    trail = Store().audit_trail()
    assert [(r.who, r.action, r.detail) for r in trail.iloc[::-1].itertuples()] == [
        ("rauff", "sign-in-failed", "password"),
        ("rauf", "sign-in", "password, reviewer"),
    ]


def test_the_review_page_with_a_store_that_cannot_be_opened_says_so(app, monkeypatch, tmp_path):
    (tmp_path / "not-a-database").write_text("this is not SQLite", encoding="utf-8")
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-database'}")
    app.session_state["editor"] = "nigar"
    app.run()
    for page in ("review", "audit"):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, app.exception
        assert "a reachable store" in app.error[0].value


@pytest.mark.parametrize(("page", "name"), [("review", "leyla"), ("audit", "rauf")])
def test_each_page_checks_the_role_itself(app, page, name):
    """Even run on its own (not through the menu), a page refuses someone without its role."""
    alone = AppTest.from_file(str(Path(DASHBOARD).parent / "pages" / f"{page}.py"), default_timeout=TIMEOUT)
    alone.secrets["editors"] = {n: DIGEST for n in PEOPLE}
    alone.secrets["roles"] = {"rauf": "reviewer", "nigar": "admin"}
    alone.session_state["editor"] = name
    alone.session_state["entered_through_dashboard"] = True
    alone.run()
    assert not alone.exception, alone.exception
    needed = {"review": "reviewer", "audit": "administrator"}[page]
    assert f"needs a signed-in {needed} and a reachable store." in alone.error[0].value
    assert not alone.title
