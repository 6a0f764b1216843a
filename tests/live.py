"""Start and stop the real web server and a real django-q2 cluster for end-to-end stories."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
METRICS_TOKEN = "e2e-metrics-token"  # the live hub serves /metrics with it (tests/metrics/)


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@dataclass
class LiveHub:
    url: str
    procs: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    def stop(self) -> None:
        """Stop the server and the cluster with all their children, then make sure none of them
        still holds the test database (PostgreSQL will not drop a database in use)."""
        for proc in self.procs:
            _signal_group(proc, signal.SIGTERM)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
            _signal_group(proc, signal.SIGKILL)  # children a stopped parent left behind
        for log in self.logs:
            log.close()
        _end_other_sessions()

    def get(self, path: str, **kwargs):
        return requests.get(self.url + path, timeout=30, **kwargs)

    def post(self, path: str, **kwargs):
        return requests.post(self.url + path, timeout=30, **kwargs)

    def log_tail(self, lines: int = 60) -> str:
        out = []
        for log in self.logs:
            log.flush()
            text = Path(log.name).read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(out)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def _end_other_sessions() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def start_live_hub() -> LiveHub:
    port = os.environ["E2E_PORT"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": _database_url(),
        "Q_SYNC": "0",
        "PYTHONUNBUFFERED": "1",
        "Q_WORKERS": "2",
        "EXTRA_FLOW_MODULES": "tests.e2e.flows",
        "METRICS_TOKEN": METRICS_TOKEN,
        "METRICS_FLUSH_SECONDS": "1",
        "METRICS_COUNT_SECONDS": "0",  # a scrape counts the tables afresh: stories read what just happened
    }
    logdir = ROOT / "var" / "e2e-logs"
    logdir.mkdir(parents=True, exist_ok=True)
    hub = LiveHub(url=f"http://127.0.0.1:{port}")
    commands = {
        "server": [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--access-logfile",
            "-",  # into the server's log: tests read it (gunicorn.conf.py sets the line's format)
        ],
        "worker": [sys.executable, "manage.py", "qcluster"],
    }
    for name, cmd in commands.items():
        log = open(logdir / f"{name}-{port}.log", "w")  # noqa: SIM115  (closed in stop())
        hub.logs.append(log)
        hub.procs.append(
            subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )  # its own group: stop() ends its children
    _wait_healthy(hub)
    return hub


def _wait_healthy(hub: LiveHub, timeout: float = 90) -> None:  # a loaded CI machine starts slowly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if hub.get("/healthz").status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    hub.stop()
    raise RuntimeError(f"the live hub did not become healthy\n{hub.log_tail()}")


def wait_until(predicate, *, timeout: float = 45, interval: float = 0.2, message: str = "condition"):
    """Poll `predicate()` until it returns something truthy; fail with `message` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def fresh_server(hub) -> None:
    """A fresh install runs a freshly started web server. Tests before this one emptied the
    database under the running one, whose processes still cache row ids from before (content
    types, which every admin log line names): gunicorn replaces its workers on SIGHUP."""
    master = hub.procs[0].pid
    before = _worker_pids(master)
    os.kill(master, signal.SIGHUP)
    wait_until(lambda: (now := _worker_pids(master)) and not (now & before), message="new web workers")
    wait_until(lambda: hub.get("/healthz").status_code == 200, message="the web server answers")


def _worker_pids(pid: int) -> set[str]:
    return set(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
