"""`python -m heritage observe` and `history`: the Edit page's rules, and no write lost when scripts race."""

from __future__ import annotations

import subprocess
import sys

import pytest

from heritage.cli import main
from heritage.synthetic import write_geojson
from tests.conftest import feature
from tests.store.processes import REPO, run_together

OBSERVE_TEN = """
for i in range(10):
    code = main(["observe", "a", "--status", "under_restoration", "--progress", str(10 * i),
                 "--source", f"Report {sys.argv[2]}-{i}", "--author", f"script{sys.argv[2]}",
                 "--observed", "2025-05-01", "--data", sys.argv[3]])
    assert code == 0, code
print("done")
"""


@pytest.fixture
def sites_file(tmp_path):
    return write_geojson(tmp_path / "sites.geojson", [feature("a", status="damaged"), feature("b")])


def _history(url: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "heritage", "history", "a"], cwd=REPO, env={"HERITAGE_DATABASE_URL": url, "PATH": ""},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


def test_four_processes_times_ten_observations_all_kept(store_url, sites_file):
    results = run_together(
        OBSERVE_TEN, 4, "from heritage.cli import main", {"HERITAGE_DATABASE_URL": store_url}, [str(sites_file)]
    )
    assert [(code, out.splitlines()[-1:]) for code, out, _ in results] == [(0, ["done"])] * 4, [
        e[-800:] for *_, e in results
    ]
    lines = _history(store_url)
    assert len(lines) == 80  # 40 submissions, each a status and a progress
    fields = [line.split("\t") for line in lines]
    assert {f"Report {n}-{i}" for n in range(4) for i in range(10)} == {f[3] for f in fields}
    assert {(f[0], f[1], f[2]) for f in fields if f[1] == "status"} == {("2025-05-01", "status", "under_restoration")}
    for n in range(4):  # each script's own submissions in its order: oldest first
        own = [f[2] for f in fields if f[4] == f"script{n}" and f[1] == "restoration_progress"]
        assert own == [str(10 * i) for i in range(10)]


def test_observe_records_one_submission_and_history_prints_it(sites_file, capsys):
    code = main([
        "observe", "a", "--status", "under_restoration", "--progress", "40", "--source", "Inspection\nreport 7",
        "--source-url", "https://example.gov/r7", "--author", "aysel", "--observed", "2025-05-01",
        "--note", "Scaffolding up", "--data", str(sites_file),
    ])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == "Recorded 2 observations for a: #1, #2\n"
    assert main(["history", "a"]) == 0
    assert capsys.readouterr().out == (
        "2025-05-01\tstatus\tunder_restoration\tInspection report 7\taysel\n"
        "2025-05-01\trestoration_progress\t40\tInspection report 7\taysel\n"
    )


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--status", "rebuilt"], "status: 'rebuilt' is not one of"),
        (["--progress", "140"], "restoration_progress: 140 is above 100"),
        (["--progress", "10", "--observed", "2999-01-01"], "observed: 2999-01-01 is in the future"),
        (["--progress", "10", "--observed", "1 May"], "observed: '1 May' is not a date (YYYY-MM-DD)"),
        (["--progress", "10", "--source-url", "javascript:alert(1)"], "source_url:"),
        ([], "nothing to record"),
    ],
)
def test_a_refused_observation_exits_1_with_one_line_and_records_nothing(sites_file, capsys, arguments, reason):
    base = ["observe", "a", "--source", "Report", "--author", "aysel", "--data", str(sites_file)]
    assert main(base + arguments) == 1
    err = capsys.readouterr().err
    assert err.startswith("Refused, nothing recorded: ") and reason in err and err.count("\n") == 1
    assert main(["history", "a"]) == 0 and capsys.readouterr().out == ""


def test_an_unknown_site_is_refused(sites_file, capsys):
    assert (
        main(["observe", "zz", "--status", "damaged", "--source", "R", "--author", "a", "--data", str(sites_file)]) == 1
    )
    assert capsys.readouterr().err == "Refused, nothing recorded: site: there is no site 'zz' in the data\n"


def test_history_of_the_shipped_record_lists_dated_oldest_first_and_undated_notes_last(capsys):
    """az-355 (Saatli Mosque) has an undated statement (shusha.gov.az); az-263 was recorded newest first."""
    from heritage.conditions import load_shipped
    from heritage.store import Store

    load_shipped(Store())
    assert main(["history", "az-355"]) == 0
    assert [line.split("\t")[:4] for line in capsys.readouterr().out.splitlines()] == [
        ["2023-05-10", "status", "restored", "Azernews"],
        ["2023-05-10", "restoration_progress", "100", "Azernews"],
        ["undated", "status", "restored", "Shusha City State Reserve Administration (shusha.gov.az)"],
        ["undated", "restoration_progress", "100", "Shusha City State Reserve Administration (shusha.gov.az)"],
    ]
    assert main(["history", "az-263"]) == 0
    assert [line.split("\t")[:3] for line in capsys.readouterr().out.splitlines()] == [
        ["2017-03-31", "status", "under_restoration"],
        ["2020-11-24", "status", "damaged"],
        ["2025-11-16", "status", "under_restoration"],
    ]


def test_history_shows_control_characters_escaped(sites_file, capsys):
    source = "Report\x1b]0;owned\x07\x1b[2J\u202eevil"
    code = main(["observe", "a", "--status", "damaged", "--source", source, "--author", "ay\x1b[31msel",
                 "--observed", "2025-05-01", "--data", str(sites_file)])  # fmt: skip
    assert code == 0
    capsys.readouterr()
    assert main(["history", "a"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert out == "2025-05-01\tstatus\tdamaged\tReport\\x1b]0;owned\\x07\\x1b[2J\\u202eevil\tay\\x1b[31msel\n"
