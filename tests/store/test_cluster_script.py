"""scripts/cluster.sh on a shared host (F16): a private run folder, no trusted superuser, a careful `stop`."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

CLUSTER = Path(__file__).resolve().parents[2] / "scripts" / "cluster.sh"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HERITAGE_", "XDG_"))}
    env.update(HOME=str(home), PATH=env.get("PATH", "") + ":/usr/sbin", **extra)
    return env


def _run(verb: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(CLUSTER), verb], env=env, capture_output=True, text=True, timeout=240)


def _connects(url: str) -> bool:
    engine = sa.create_engine("postgresql+psycopg://" + url.removeprefix("postgresql://"))
    try:
        with engine.connect() as connection:
            return not connection.scalar(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


@pytest.mark.skipif(not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()), reason="no HAProxy")
@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin")), reason="no PostgreSQL")
def test_the_cluster_runs_in_a_private_folder_and_its_store_needs_a_password_for_a_plain_role(tmp_path, site_file):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _env(tmp_path / "home", HERITAGE_DATA=str(site_file), PORT=str(port))
    started = _run("start", env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        run = Path((tmp_path / "home/.local/state/heritage-cluster.dir").read_text().strip())
        assert run.name.startswith("heritage-cluster.") and run.name != "heritage-cluster"  # mktemp's, not a fixed name
        assert stat.S_IMODE(run.stat().st_mode) == 0o700 and run.stat().st_uid == os.getuid()
        store = (run / "store.url").read_text().strip()
        assert stat.S_IMODE((run / "store.url").stat().st_mode) == 0o600
        assert _connects(store)  # the role the dashboards use, and it is no superuser
        host = store.rsplit("@", 1)[1]
        assert not _connects(f"postgresql://heritage@{host}")  # no password: refused, trust is off
        assert not _connects(f"postgresql://cluster_admin@{host.rsplit('/', 1)[0]}/postgres")
        password = store.split("@")[0].rsplit(":", 1)[1]
        assert len(password) >= 24 and password not in started.stdout + started.stderr  # printed without it
        # The event streams leave HAProxy as they come (else ~200 ms each: benchmarks/follow.py --copies 2).
        config = (run / "haproxy.cfg").read_text()
        assert "use_backend events if { path /api/events }" in config
        assert config.split("backend events", 1)[1].count("option http-no-delay") == 1
    finally:
        stopped = _run("stop", env)
    assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped", stopped.stderr
    assert not run.exists() and not (tmp_path / "home/.local/state/heritage-cluster.dir").exists()


@pytest.fixture
def site_file(tmp_path):
    from heritage.synthetic import synthetic_features, write_geojson

    return write_geojson(tmp_path / "sites.geojson", synthetic_features(20))


@pytest.fixture
def bystander():
    """A process of ours that is no part of any cluster."""
    process = subprocess.Popen(["sleep", "300"])
    yield process
    process.kill()
    process.wait()


def _planted_run(tmp_path: Path, bystander: subprocess.Popen) -> tuple[Path, Path]:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", encoding="utf-8")
    for name in ("copy-a.pid", "copy-b.pid", "haproxy.pid"):
        (run / name).write_text(str(bystander.pid), encoding="utf-8")
    (run / "pg_dir").write_text(str(victim), encoding="utf-8")
    (run / "pg_bin").write_text("/bin", encoding="utf-8")
    (run / "running").touch()
    return run, victim


def test_stop_kills_and_removes_only_what_is_the_clusters(tmp_path, bystander):
    run, victim = _planted_run(tmp_path, bystander)
    stopped = _run("stop", _env(tmp_path / "home", HERITAGE_CLUSTER_DIR=str(run)))
    assert stopped.returncode == 0, stopped.stderr
    assert bystander.poll() is None  # a PID in a file is not enough to be killed
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert not run.exists()


def test_stop_refuses_a_run_folder_others_can_write(tmp_path, bystander):
    run, victim = _planted_run(tmp_path, bystander)
    run.chmod(0o777)
    stopped = _run("stop", _env(tmp_path / "home", HERITAGE_CLUSTER_DIR=str(run)))
    assert stopped.returncode == 1 and "is not a private folder of yours" in stopped.stderr
    assert run.exists() and (victim / "precious.txt").exists() and bystander.poll() is None
