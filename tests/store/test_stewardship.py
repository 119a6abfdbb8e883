"""Review, evidence, audit and roles through the command line, against SQLite and PostgreSQL.

A proposal stays off the data a viewer reads until another person approves it; nobody
approves their own; evidence comes back cleaned; every step is in the audit trail.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from heritage import auth
from heritage.cli import main
from heritage.dataset import Dataset
from heritage.store import Store
from heritage.synthetic import write_geojson
from tests.apart import run_apart
from tests.conftest import feature
from tests.unit.test_evidence import gps_exif, photograph

SECRETS = """
[editors]
aysel = "$2b$12$U3roIpLyV66vj8vmJG.EhuyJhifU3R.7zTTQZwAZnyfzFxGLzGvZ6"
rauf = "$2b$12$U3roIpLyV66vj8vmJG.EhuyJhifU3R.7zTTQZwAZnyfzFxGLzGvZ6"
leyla = "$2b$12$U3roIpLyV66vj8vmJG.EhuyJhifU3R.7zTTQZwAZnyfzFxGLzGvZ6"

[roles]
aysel = "reviewer"
rauf = "reviewer"
"""


@pytest.fixture
def setup(store_url, tmp_path, monkeypatch):
    """Review required, three accounts (aysel and rauf review, leyla edits), two sites."""
    monkeypatch.setenv("HERITAGE_DATABASE_URL", store_url)
    monkeypatch.setenv("HERITAGE_REVIEW", "required")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SECRETS, encoding="utf-8")
    monkeypatch.setattr(auth, "SECRETS", secrets)
    sites = write_geojson(tmp_path / "sites.geojson", [feature("a", status="damaged"), feature("b")])
    return sites


def viewer_status(sites, url: str) -> str:
    """Site a's status as the map, figures, exports and briefing read it."""
    data = Dataset.load(sites, Store(url))
    return data.sites.set_index("id").loc["a", "status"]


def observe(sites, author: str, *extra: str) -> int:
    return main(["observe", "a", "--status", "under_restoration", "--source", "Inspection report 2026/14",
                 "--author", author, "--observed", "2026-03-02", "--data", str(sites), *extra])  # fmt: skip


def test_a_proposal_is_invisible_to_a_viewer_until_a_second_person_approves(setup, store_url, capsys):
    sites = setup
    assert observe(sites, "aysel") == 0
    assert capsys.readouterr().out == "Recorded 1 proposal for a: #1\n"
    assert viewer_status(sites, store_url) == "damaged"
    assert main(["review", "list"]) == 0
    listed = capsys.readouterr().out.split("\t")
    assert (listed[0], listed[2:7]) == (
        "#1",
        ["a", "status", "under_restoration", "Inspection report 2026/14", "aysel"],
    )

    assert main(["review", "approve", "1", "--reviewer", "aysel"]) == 1
    assert capsys.readouterr().err == (
        "Refused, nothing recorded: Proposal 1 is aysel's own: another person must review it.\n"
    )
    assert viewer_status(sites, store_url) == "damaged"
    assert main(["review", "approve", "1", "--reviewer", "leyla"]) == 1  # an editor, not a reviewer
    assert "leyla holds the editor role here; this needs the reviewer role" in capsys.readouterr().err

    assert main(["review", "approve", "1", "--reviewer", "rauf"]) == 0
    assert capsys.readouterr().out == "Proposal #1 approved by rauf.\n"
    assert viewer_status(sites, store_url) == "under_restoration"
    assert main(["review", "approve", "1", "--reviewer", "rauf"]) == 1
    assert "Proposal 1 has been reviewed already." in capsys.readouterr().err

    assert main(["history", "a"]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-2:][0]
        .startswith("2026-03-02\tstatus\tunder_restoration\tInspection report 2026/14\taysel\tapproved")
    )
    assert main(["audit"]) == 0
    trail = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(line[1], line[2]) for line in trail] == [("aysel", "proposal"), ("rauf", "review")]
    assert trail[1][3] == "#1 approved"
    assert main(["audit", "--since", "2999-01-01"]) == 0 and capsys.readouterr().out == ""
    assert main(["audit", "--since", "yesterday"]) == 1
    assert capsys.readouterr().err == "Refused, nothing recorded: since: 'yesterday' is not a date (YYYY-MM-DD)\n"


def test_a_name_without_the_role_cannot_record_from_the_command_line(setup, capsys):
    assert observe(setup, "stranger") == 1
    assert capsys.readouterr().err == (
        "Refused, nothing recorded: stranger holds the viewer role here; this needs the editor role "
        "(see [roles] in .streamlit/secrets.toml).\n"
    )


def test_a_rejected_proposal_stays_in_the_history_and_never_counts(setup, store_url, capsys):
    sites = setup
    assert observe(sites, "leyla") == 0
    assert main(["review", "reject", "1", "--reviewer", "aysel", "--why", "The photograph shows another site"]) == 0
    assert viewer_status(sites, store_url) == "damaged"
    assert main(["review", "list"]) == 0
    assert capsys.readouterr().out.endswith("Proposal #1 rejected by aysel.\n")
    assert main(["history", "a"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("\tleyla\trejected")
    assert lines[1].split("\t")[1:5] == ["review", "rejected #1", "The photograph shows another site", "aysel"]


def test_evidence_from_the_command_line_comes_back_cleaned(setup, tmp_path, capsys):
    sites = setup
    photo = tmp_path / "tower.jpg"
    photo.write_bytes(photograph(exif=gps_exif()))
    page = tmp_path / "page.jpg"
    page.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert observe(sites, "leyla", "--evidence", str(photo), "--evidence", str(page)) == 1
    assert capsys.readouterr().err == (
        "Refused, nothing recorded: page.jpg: not a JPEG, PNG or WebP photograph or a PDF (read from its content).\n"
    )
    assert main(["review", "list"]) == 0 and capsys.readouterr().out == ""

    assert observe(sites, "leyla", "--evidence", str(photo)) == 0
    assert capsys.readouterr().out == "Recorded 1 proposal for a: #1 with 1 evidence file\n"
    out = tmp_path / "back.jpg"
    assert main(["evidence", "1", "--out", str(out)]) == 0
    with Image.open(io.BytesIO(out.read_bytes())) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (64, 48), {})
    assert main(["evidence", "9"]) == 1
    assert capsys.readouterr().err == "There is no evidence file 9.\n"


def test_live_sessions_started_and_ended_are_in_the_audit_trail(store):
    from heritage import live
    from heritage.view import ViewState

    code = live.start(store, "aysel", ViewState())
    live.end(store, code)
    live.end(store, code)  # ending twice records once
    trail = store.audit_trail()
    assert [(r.who, r.action, r.detail) for r in trail.iloc[::-1].itertuples()] == [
        ("aysel", "live-start", code),
        ("aysel", "live-end", code),
    ]
    assert trail["copy"].str.fullmatch(r"[^/]+/\d+").all()  # host/pid: which copy of the dashboard


def test_roles_from_password_tables_and_from_the_identity_provider():
    from heritage.roles import allows, oidc_role, password_role

    secrets = {
        "editors": {"aysel": "hash", "rauf": "hash", "nigar": "hash", "typo": "hash"},
        "roles": {"rauf": "reviewer", "nigar": "admin", "typo": "superuser"},
        "oidc_editors": {"emails": ["e@culture.gov.az"]},
        "oidc_roles": {"reviewers": ["heritage-reviewers"], "admins": ["boss@culture.gov.az"]},
    }
    assert [password_role(secrets, n) for n in ("aysel", "rauf", "nigar", "typo", "stranger")] == [
        "editor", "reviewer", "admin", "editor", "viewer",
    ]  # fmt: skip
    verified = {"email_verified": True}
    assert oidc_role({"email": "e@culture.gov.az", **verified}, secrets) == "editor"
    assert oidc_role({"email": "e@culture.gov.az", "email_verified": False}, secrets) == "viewer"
    assert oidc_role({"email": "x@culture.gov.az", "groups": ["heritage-reviewers"], **verified}, secrets) == "reviewer"
    assert oidc_role({"email": "BOSS@culture.gov.az", **verified}, secrets) == "admin"
    assert oidc_role({"email": "someone@example.com", **verified}, secrets) == "viewer"
    assert allows("admin", "reviewer") and allows("reviewer", "editor") and not allows("editor", "reviewer")


PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"  # a PDF that is also a page


def _get_evidence(evidence_id: int):

    from starlette.requests import Request

    from heritage.api.evidence import evidence

    scope = {"type": "http", "method": "GET", "path": f"/api/evidence/{evidence_id}", "headers": [],
             "path_params": {"evidence_id": evidence_id}, "query_string": b""}  # fmt: skip
    return run_apart(evidence(Request(scope)))  # beside Playwright's loop in a whole run (tests/apart.py)


def test_the_evidence_route_serves_a_pdf_only_as_a_download_and_no_proposal(store_url, monkeypatch):
    import datetime as dt

    from heritage.evidence import clean
    from heritage.store import NewObservation

    monkeypatch.setenv("HERITAGE_DATABASE_URL", store_url)
    report = clean("report.pdf", PDF)
    Store(store_url, review=False).record(
        [NewObservation("a", "status", "damaged", dt.date(2026, 1, 5), "Report 1", "aysel", evidence=(report,))], {}
    )
    Store(store_url, review=True).record(
        [NewObservation("b", "status", "damaged", dt.date(2026, 1, 5), "Report 2", "aysel", evidence=(report,))], {}
    )
    served = _get_evidence(1)
    assert served.status_code == 200 and served.body == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"] == 'attachment; filename="evidence-1.pdf"'
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert _get_evidence(2).status_code == 404  # a proposal's file: its reviewer sees it, the public does not
    assert _get_evidence(3).status_code == 404


@pytest.mark.parametrize("start", ["0003", "0004", "0005"])
def test_an_older_store_with_a_withdrawal_upgrades_and_keeps_everything(store_url, start):
    """SQLite refuses to drop a table a withdrawal points into: 0004 copies the table (Alembic's batch
    mode), so the store migrates with the foreign keys off and checks them after; 0006 adds in place."""
    import sqlalchemy as sa
    from alembic import command

    from heritage import store as store_module

    engine = store_module._engine(store_url)
    config = store_module._alembic_config()
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, start)
    insert = (
        "INSERT INTO observations (site_id, field, value, observed, source, author, recorded_at, withdraws) "
        "VALUES (:site, :field, :value, '2025-01-01', :source, 'aysel', '2025-01-01 00:00:00+00', :withdraws)"
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(insert), dict(site="a", field="status", value='"damaged"', source="R1", withdraws=None)
        )
        connection.execute(sa.text(insert), dict(site="a", field="withdrawal", value=None, source="Oops", withdraws=1))
    engine.dispose()
    upgraded = Store(store_url)
    rows = upgraded.observations()
    assert list(zip(rows["field"], rows["withdrawn"], rows["review"])) == [
        ("status", True, None),
        ("withdrawal", False, None),
    ]
    with upgraded.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0006"
