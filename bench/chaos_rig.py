"""The processes of the chaos benchmark (bench/chaos.py), started as production would start them.

- its own PostgreSQL database on the machine's server (created, then dropped at the end);
- its own `redis-server` on a port of its own (never the machine's shared Redis), so the broker
  outage can stop and restart it;
- the hub: `gunicorn config.wsgi` and two `manage.py qcluster` processes, each in its own process
  group (a kill -9 takes the sentinel and all its workers, as a crashed machine would);
- the emulators on a separate `gunicorn config.wsgi` on another port, on the same database, with
  no Redis at all: the vendors do not share the hub's broker.

Everything started here is stopped by `Rig.stop()`, process group by process group.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import harness  # bench/harness.py: free ports and the health wait of the other benchmarks

ROOT = harness.ROOT
DB_NAME = "crosswalk_chaos"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
LOGS = ROOT / "var" / "bench" / "chaos"


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True, capture_output=True)


class Proc:
    """One process group: a server or a cluster, its command and its log."""

    def __init__(self, name: str, cmd: list[str], env: dict):
        self.name, self.cmd, self.env = name, cmd, env
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        log = open(LOGS / f"{self.name}.log", "a")  # noqa: SIM115  (the child holds it; closed below)
        self.popen = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.starts += 1

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def kill(self) -> None:
        """kill -9 of the whole process group, as when a machine or a container dies."""
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen is None:
            return
        self.signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=20)
        self.signal_group(signal.SIGKILL)  # children a stopped parent left behind


class Redis:
    """A redis-server of the bench's own, without persistence: a restart loses what was queued."""

    def __init__(self, port: int):
        self.port = port
        self.pidfile = LOGS / "redis.pid"
        self.ours = False

    def ping(self) -> bool:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
        return out.stdout.strip() == "PONG"

    def start(self) -> None:
        if self.ping() and not self._left_by_a_killed_bench():
            raise SystemExit(f"something already answers on Redis port {self.port}; pick another with --redis-port")
        subprocess.run(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                *("--daemonize", "yes", "--pidfile", str(self.pidfile), "--logfile", str(LOGS / "redis.log")),
            ],
            check=True,
            capture_output=True,
        )
        self.ours = True
        for _ in range(100):
            if self.ping():
                return
            time.sleep(0.05)
        raise RuntimeError("the bench's redis-server did not start")

    def _left_by_a_killed_bench(self) -> bool:
        """A redis-server this bench started before being killed itself: ours to stop."""
        try:
            pid = int(self.pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            return False
        if "redis-server" not in cmdline or f":{self.port}" not in cmdline:
            return False
        self.ours = True
        self.stop()
        return True

    def stop(self) -> None:
        if not self.ours:
            return
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)
        for _ in range(100):
            if not self.ping():
                break
            time.sleep(0.05)
        self.ours = False


class Rig:
    def __init__(self, *, redis_port: int):
        from cryptography.fernet import Fernet

        LOGS.mkdir(parents=True, exist_ok=True)
        for old in LOGS.glob("*.log"):
            old.unlink()
        self.hub_port, self.emu_port = harness.free_port(), harness.free_port()
        self.hub_url, self.emu_url = f"http://127.0.0.1:{self.hub_port}", f"http://127.0.0.1:{self.emu_port}"
        self.redis = Redis(redis_port)
        common = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "chaos-" + "x" * 40,
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "SANDBOX_ENABLED": "1",
            "ALLOW_PRIVATE_HOSTS": "1",  # the connections call the emulator server on 127.0.0.1
            "Q_SYNC": "0",
            "Q_CLUSTER_NAME": "crosswalk-chaos",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",  # failure e-mails are not the subject here
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(ROOT),
        }
        self.env = {**common, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "HUB_BASE_URL": self.hub_url}
        emulator_env = {
            **common,
            "REDIS_URL": "",  # ORM broker and a file cache: the vendors do not share the hub's Redis
            "CACHE_DIR": str(LOGS / "emulator-cache"),
            "HUB_BASE_URL": self.emu_url,  # URLs the emulators print about themselves
        }
        self.web = Proc("hub-web", self._gunicorn(self.hub_port, workers=2, threads=4, timeout=60), self.env)
        # hanging calls (35 s each) must not use up the emulator's threads
        served = self._gunicorn(self.emu_port, workers=2, threads=16, timeout=120)
        self.emulators = Proc("emulators", served, emulator_env)
        qcluster = [sys.executable, "manage.py", "qcluster"]
        self.workers = [Proc(f"qcluster-{i}", qcluster, {**self.env, "Q_WORKERS": "2"}) for i in range(2)]
        self._supervising = threading.Event()
        self.restarts = 0  # clusters that died on their own and were started again

    @staticmethod
    def _gunicorn(port: int, *, workers: int, threads: int, timeout: int) -> list[str]:
        return [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--threads", str(threads), "--timeout", str(timeout), "--access-logfile", "-"),
        ]

    # --- set-up -----------------------------------------------------------------------------------
    def create_database(self) -> None:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB_NAME}")

    def manage(self, *args: str) -> None:
        with (LOGS / "setup.log").open("a") as out:
            cmd = [sys.executable, "manage.py", *args]
            subprocess.run(cmd, cwd=ROOT, env=self.env, check=True, stdout=out, stderr=out)

    def start_servers(self) -> None:
        for proc in (self.emulators, self.web):
            proc.start()
        harness.wait_healthy(self.emu_port)
        harness.wait_healthy(self.hub_port)

    def start_workers(self) -> None:
        for proc in self.workers:
            proc.start()
        self._supervising.set()
        threading.Thread(target=self._supervise, daemon=True, name="supervisor").start()

    def _supervise(self) -> None:
        """What systemd's Restart=always does for a cluster that exits on its own."""
        while self._supervising.is_set():
            for proc in self.workers:
                if self._supervising.is_set() and not proc.alive() and not getattr(proc, "held_down", False):
                    proc.start()
                    self.restarts += 1
            time.sleep(1)

    # --- chaos ------------------------------------------------------------------------------------
    def kill_worker(self, index: int, *, restart_after: float = 1.0) -> None:
        """kill -9 of one cluster's process group, then start it again, as a supervisor would."""
        proc = self.workers[index]
        proc.held_down = True
        proc.kill()
        time.sleep(restart_after)
        proc.start()
        proc.held_down = False

    def slow_calls(self, system: str, min_ms: int) -> dict:
        """Calls to one emulator that took at least `min_ms`, by method, from its access log."""
        slow: dict[str, int] = {}
        for line in (LOGS / "emulators.log").read_text(errors="replace").splitlines():
            if f" /sandbox/{system}/" in line and line.endswith("ms") and int(line.rsplit(" ", 1)[1][:-2]) >= min_ms:
                method = line.split('"', 2)[1].split(" ", 1)[0]
                slow[method] = slow.get(method, 0) + 1
        return slow

    # --- tear-down --------------------------------------------------------------------------------
    def stop(self) -> None:
        self._supervising.clear()
        for proc in [*self.workers, self.web, self.emulators]:
            proc.stop()
        self.redis.stop()

    def drop_database(self) -> None:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
