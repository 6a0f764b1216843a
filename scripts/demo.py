"""Run the demo: an admin login, the web server and one worker; Ctrl-C stops both.

Called by `make demo` after migrate and seed_demo.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_admin() -> str:
    """Create (or reset) the demo superuser with a fresh password; return the password."""
    password = secrets.token_urlsafe(12)
    code = (
        "from django.contrib.auth.models import User;"
        "u, _ = User.objects.get_or_create(username='admin', defaults={'email': 'admin@localhost'});"
        "u.is_staff = u.is_superuser = True;"
        f"u.set_password({password!r}); u.save()"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, check=True)
    return password


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    password = ensure_admin()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{args.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",  # its line names no user and no query string: gunicorn.conf.py
            ],
            cwd=ROOT,
            env=env,
        ),
        subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env),
    ]
    time.sleep(2)
    url = f"http://127.0.0.1:{args.port}"
    print(
        f"\n  Crosswalk is running.\n  Admin:   {url}/admin/\n  Login:   admin / {password}\n"
        f"  Sandbox: {url}/sandbox/  (drive the emulated systems here)\n  Stop:    Ctrl-C\n",
        flush=True,
    )
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=20)


if __name__ == "__main__":
    main()
