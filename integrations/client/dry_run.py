"""Dry runs, on the client side: while one is under way, no call that writes leaves this process.

The runner of a dry run (sync/services/dry_context.py) wraps the flow in `dry_run()`. Inside it,
`ApiClient.request` refuses every method but GET/HEAD/OPTIONS before anything is sent, raising
`DryRunWrite` with what it would have sent; the run records that as what the entity would have
had done. A POST that only reads (an OAuth token, a search) is sent: its call site says so with
`read=True` (tests/core/test_dry_run_client.py fails when a POST is left unclassified).

Why a process-wide switch rather than a context variable: a flow may work in threads (the
compliance sync-back's `sync_concurrency`), and a thread started inside a dry run does not inherit
the starter's context. A qcluster worker process runs one task at a time, so nothing else in the
process is held back while the switch is on.
"""

import contextlib
import json
import re
import threading

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECRET_KEYS = re.compile(r"secret|password|passwd|token|api[_-]?key|authori[sz]ation|credential", re.I)
MESSAGE_CHARS = 300  # the body as shown in a record's message
VALUE_CHARS = 200  # any one string value kept in the record's payload (a base64 file is not kept)

_lock = threading.Lock()
_depth = 0


@contextlib.contextmanager
def dry_run():
    """Refuse writes to every system from this process until the block ends."""
    global _depth
    with _lock:
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1


def dry_run_active() -> bool:
    return _depth > 0


class DryRunWrite(Exception):
    """A write a dry run did not send: the method, the path (no query string) and the body, with
    secrets masked and long values cut. Not a ClientError, so no flow mistakes it for a refusal."""

    def __init__(self, method: str, path: str, body=None, *, system: str = ""):
        self.method, self.path, self.body, self.system = method.upper(), path, body, system
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"{self.system} " if self.system else ""
        text = f"would {self.method} {where}{self.path}"
        if self.body not in (None, {}, [], ""):
            shown = json.dumps(self.body, sort_keys=True, default=str)
            text += " " + (shown if len(shown) <= MESSAGE_CHARS else shown[: MESSAGE_CHARS - 1] + "…")
        return text


def refuse_write(method: str, path: str, kwargs: dict, *, system: str = "") -> None:
    """Raise DryRunWrite when a dry run is on and `method` writes; the caller sends nothing then."""
    if not dry_run_active() or method.upper() in READ_METHODS:
        return
    raise DryRunWrite(method, path.split("?")[0], request_body(kwargs), system=system)


def request_body(kwargs: dict):
    """What a request would carry, fit for a record: JSON or form fields masked, files by name and size."""
    if kwargs.get("files"):
        return {"files": {name: _file(value) for name, value in kwargs["files"].items()}}
    for key in ("json", "data"):
        if kwargs.get(key) is not None:
            return masked(kwargs[key])
    return None


def _file(value) -> dict:
    if isinstance(value, tuple | list):
        filename, content = value[0], value[1] if len(value) > 1 else b""
        size = len(content) if isinstance(content, bytes | str) else None
        return {"filename": filename, "bytes": size}
    return {"filename": getattr(value, "name", "file")}


def masked(value, *, depth: int = 0):
    """`value` with every secret-looking key's value replaced and long strings cut."""
    if depth > 8:
        return "…"
    if isinstance(value, dict):
        return {
            str(k): "(secret, not shown)" if SECRET_KEYS.search(str(k)) else masked(v, depth=depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [masked(v, depth=depth + 1) for v in value[:50]] + (["…"] if len(value) > 50 else [])
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    if isinstance(value, str) and len(value) > VALUE_CHARS:
        return value[:VALUE_CHARS] + f"… ({len(value)} characters)"
    return value
