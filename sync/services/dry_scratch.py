"""Where a dry run's writes to the hub's own tables go: a scratch scope, thrown away at its end.

Flows write to the hub as they go (link claims, the compliance mirror, lookup tables, poll
times, notification lines) and read those writes back a step later, so a dry run must let them
write, then keep nothing:

- PostgreSQL, or a caller already inside a transaction: a transaction rolled back at the end.
- SQLite, from a worker: the slice works on a copy of the database file (this thread only) inside
  a transaction that is rolled back too, and the copy is deleted. A rolled-back transaction alone
  would hold SQLite's one write lock for the whole slice, seconds of HTTP calls, while webhook
  intake and the other workers wait for it; and the sandbox emulators, served from the same file,
  would wait for it while the dry run waits for them, until the 30 s busy timeout breaks the tie.

The copy is named after the run, so a copy a dead worker left behind is replaced by the next
slice of that run and deleted with it. It costs a read of the whole file per slice (about 5 s for
230 MB on a shared 2-core machine) and that much disk while the slice runs.
"""

import contextlib
import os
import sqlite3
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextlib.contextmanager
def scratch_database(*, name: str):
    """Run the block against the hub's database and throw away whatever it wrote there.

    Yields True when the block works on a copy (it then holds no lock on the real database)."""
    real = connections[DEFAULT_DB_ALIAS]
    copy = real.vendor == "sqlite" and not real.in_atomic_block and not real.is_in_memory_db()
    with _sqlite_copy(real, name) if copy else contextlib.nullcontext(), transaction.atomic():
        try:
            yield copy
        finally:
            transaction.set_rollback(True)


def scratch_path(real, name: str) -> Path:
    return Path(real.settings_dict["NAME"]).resolve().parent / "dry-runs" / f"{name}.sqlite3"


@contextlib.contextmanager
def _sqlite_copy(real, name: str):
    path = scratch_path(real, name)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    _remove(path)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # personal data: readable by the hub only
    # A connection of its own: Django's may be in any state; the copy is of what is committed.
    with (
        contextlib.closing(sqlite3.connect(real.settings_dict["NAME"])) as source,
        contextlib.closing(sqlite3.connect(path)) as target,
    ):
        source.backup(target)  # in WAL mode a reader: writers go on meanwhile
    scratch = real.__class__({**real.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = scratch  # this thread's connection only (the heartbeat keeps the real one)
    try:
        yield
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = real
        _remove(path)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")
