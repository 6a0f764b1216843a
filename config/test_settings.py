"""Settings for the test suite: the sandbox on, tasks inline in the test process, fast hashing.

End-to-end tests start a real server and a real `qcluster` with these settings too, but with
`Q_SYNC=0` so their tasks go through the broker. `E2E_PORT` is chosen once per test session
(see tests/conftest.py) so that the test process, the server and the worker agree on the hub's URL.
"""

import os
import socket
import tempfile


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SANDBOX_ENABLED", "1")
os.environ.setdefault("E2E_PORT", str(_free_port()))
os.environ.setdefault("HUB_BASE_URL", f"http://127.0.0.1:{os.environ['E2E_PORT']}")
os.environ.setdefault("Q_CLUSTER_NAME", f"crosswalk-test-{os.environ['E2E_PORT']}")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# One cache directory per test session, shared with its live server and worker (see settings).
_cache_dir = os.path.join(tempfile.gettempdir(), f"crosswalk-test-cache-{os.environ['E2E_PORT']}")
os.environ.setdefault("CACHE_DIR", _cache_dir)

from config.settings import *  # noqa: E402,F403
from config.settings import Q_CLUSTER  # noqa: E402

Q_CLUSTER["sync"] = os.environ.get("Q_SYNC", "1") == "1"
Q_CLUSTER["poll"] = 0.1
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
