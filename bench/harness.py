"""What the sandbox benchmarks share: a fresh SQLite file, the environment, and a real gunicorn
serving the emulators on a free 127.0.0.1 port."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_sqlite(name: str) -> Path:
    db = ROOT / "var" / "bench" / f"{name}.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def sandbox_environment(db: Path, port: int, **extra: str) -> dict:
    """Test settings (sandbox on, tasks inline) on `db`, the hub reachable at `port`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "E2E_PORT": str(port),
        "HUB_BASE_URL": f"http://127.0.0.1:{port}",
        "SANDBOX_ENABLED": "1",
        "Q_SYNC": "1",
        "LOG_LEVEL": "WARNING",
        "Q_CLUSTER_NAME": f"bench-{port}",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def start_server(env: dict, port: int, *, workers: int, threads: int, access_log: Path | None = None):
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    if access_log is not None:
        cmd += ["--access-logfile", str(access_log)]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        wait_healthy(port)
    except RuntimeError:
        server.terminate()
        raise
    return server


def wait_healthy(port: int, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or workers still booting
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy")
