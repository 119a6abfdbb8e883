"""`python -m heritage backup` and `restore`: a SQLite store round-trips into PostgreSQL (or SQLite) unchanged."""

from __future__ import annotations

import zipfile

import pytest

from heritage import auth
from heritage.cli import main
from heritage.store import Store
from heritage.synthetic import write_geojson
from tests.conftest import feature
from tests.store.conftest import _reset_postgres
from tests.unit.test_evidence import gps_exif, photograph


@pytest.fixture
def target_url(request, tmp_path):
    """PostgreSQL when the tests run under scripts/with_postgres.sh, else a second SQLite file."""
    import os

    url = os.environ.get("HERITAGE_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    if os.environ.get("HERITAGE_REQUIRE_POSTGRES"):
        pytest.fail("HERITAGE_TEST_DATABASE_URL is not set but PostgreSQL is required")
    return f"sqlite:///{tmp_path / 'target.sqlite'}"


def cli(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_backup_round_trip_keeps_history_proposals_evidence_and_audit(tmp_path, monkeypatch, capsys, target_url):
    monkeypatch.setattr(auth, "SECRETS", tmp_path / "no-secrets.toml")
    source_url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    monkeypatch.setenv("HERITAGE_DATABASE_URL", source_url)
    sites = write_geojson(tmp_path / "sites.geojson", [feature("a", status="damaged"), feature("b")])
    photo = tmp_path / "tower.jpg"
    photo.write_bytes(photograph(exif=gps_exif()))
    base = ["--source", "Inspection report 2026/14", "--observed", "2026-03-02", "--data", str(sites)]
    assert main(["observe", "a", "--progress", "20", "--author", "aysel", *base]) == 0
    monkeypatch.setenv("HERITAGE_REVIEW", "required")
    assert (
        main(["observe", "a", "--status", "under_restoration", "--author", "aysel", "--evidence", str(photo), *base])
        == 0
    )
    assert main(["observe", "b", "--progress", "5", "--author", "leyla", *base]) == 0
    assert main(["review", "approve", "2", "--reviewer", "rauf"]) == 0
    Store(source_url).add_scene("Damaged in the south", {"status": ["damaged"]}, "aysel")
    counts = {"added": 1, "changed": 0, "unchanged": 0}
    Store(source_url).import_version([feature("c", status="damaged")], "aysel", "new-sites.geojson", counts)
    capsys.readouterr()
    _, history_a, _ = cli(capsys, "history", "a")
    _, history_b, _ = cli(capsys, "history", "b")
    _, proposals, _ = cli(capsys, "review", "list")
    assert history_a.splitlines()[1].endswith("\taysel\tapproved")
    assert proposals.startswith("#3\t")

    backup_file = tmp_path / "store.zip"
    code, out, _ = cli(capsys, "backup", str(backup_file))
    assert (code, out) == (
        0,
        f"Wrote {backup_file}: audit 4, base_versions 1, observations 4, scenes 1, site_revisions 2, "
        "base_records 1, evidence 1\n",
    )
    with zipfile.ZipFile(backup_file) as archive:
        assert "tables/evidence.jsonl" in archive.namelist() and "manifest.json" in archive.namelist()

    monkeypatch.setenv("HERITAGE_DATABASE_URL", target_url)
    code, out, _ = cli(capsys, "restore", str(backup_file))
    assert code == 0, out
    assert cli(capsys, "history", "a")[1] == history_a
    assert cli(capsys, "history", "b")[1] == history_b
    assert cli(capsys, "review", "list")[1] == proposals
    restored = tmp_path / "back.jpg"
    assert cli(capsys, "evidence", "1", "--out", str(restored))[0] == 0
    assert restored.read_bytes() == Store(source_url).evidence_file(1)["data"]
    assert [s.name for s in Store(target_url).scenes()] == ["Damaged in the south"]
    assert Store(target_url).base_features() == [feature("c", status="damaged")]
    assert list(Store(target_url).versions()["file_name"]) == ["new-sites.geojson"]
    trail = [line.split("\t")[1:3] for line in cli(capsys, "audit")[1].splitlines()]
    assert trail[:4] == [["aysel", "observation"], ["aysel", "proposal"], ["leyla", "proposal"], ["rauf", "review"]]
    assert [line[1] for line in trail[4:]] == ["restore"]  # the backup's own line is in the store it read
    assert list(Store(source_url).audit_trail()["action"])[:1] == ["backup"]

    # The next observation in the restored store gets a new number, after the restored ones.
    monkeypatch.delenv("HERITAGE_REVIEW")
    code, out, _ = cli(capsys, "observe", "b", "--progress", "10", "--author", "aysel", *base)
    assert out == "Recorded 1 observation for b: #5\n"

    code, _, err = cli(capsys, "restore", str(backup_file))
    assert code == 1
    assert err == "The store is not empty; nothing was restored (--force replaces what it holds).\n"
    assert cli(capsys, "restore", str(backup_file), "--force")[0] == 0
    assert cli(capsys, "history", "b")[1] == history_b


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, capsys):
    bogus = tmp_path / "notes.zip"
    bogus.write_bytes(b"not a zip at all")
    assert main(["restore", str(bogus)]) == 1
    assert capsys.readouterr().err == "notes.zip cannot be read as a backup file.\n"
