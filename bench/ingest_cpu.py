"""CPU seconds spent by process trees during a benchmark, read from /proc (Linux only).

The latency benchmark splits one event's CPU between the web server (intake and the emulators it
serves), the queue workers (the hub's flow) and PostgreSQL, to show what bounds a rate."""

import os
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds of the process and its reaped children)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[1] is the parent; utime, stime, cutime, cstime are fields 11 to 14 (0-based after the name)
        out[int(entry.name)] = (int(fields[1]), name, sum(int(x) for x in fields[11:15]) / TICK)
    return out


def snapshot(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds of each named tree (root pid and its descendants), and of every `postgres` process."""
    stats = _stats()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    out = {}
    for label, root in roots.items():
        total, todo = 0.0, [root]
        while todo:
            pid = todo.pop()
            total += stats.get(pid, (0, "", 0.0))[2]
            todo.extend(children.get(pid, []))
        out[label] = total
    out["postgres"] = sum(cpu for _, name, cpu in stats.values() if name.startswith("postgres"))
    times = os.times()
    out["sender"] = times.user + times.system
    return out


def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after[k] - before.get(k, 0.0) for k in after}


def settle(label: str, pid: int, timeout: float = 60.0) -> float:
    """Wait until the tree of `pid` is idle (its workers booted: importing Django takes a worker a
    second or more of CPU, eight of them longer on two cores); returns the seconds waited."""
    started = time.monotonic()
    last = snapshot({label: pid})[label]
    while time.monotonic() - started < timeout:
        time.sleep(0.5)
        now = snapshot({label: pid})[label]
        if now - last < 0.05:  # under a tenth of a core: polling, not booting
            break
        last = now
    return time.monotonic() - started
