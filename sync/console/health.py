"""One connection's card on the home dashboard: is it answering, what went wrong last (in words,
with the technical detail one click away), its token, its last check and the events it has waiting."""

from datetime import datetime

from django.utils import timezone

from sync.console.checklist import admin_url, check_url, events_url
from sync.console.evidence import Seen, when
from sync.models import EventStatus

TOKEN_LINE = "Token expiry"  # the Credly check's line about its long-lived token


def error_in_words(error: dict, label: str) -> str:
    """What the last failed call means and what to do, for someone who is not a developer."""
    status, kind = error.get("status"), error.get("kind", "")
    if kind == "HostUnreachable":
        return (
            f"{label} did not answer (no connection or a time-out): check its status page and this "
            "connection's base URL."
        )
    if status in (401, 403):
        return (
            f"{label} refused the credentials ({status}): enter the current ones on the connection, save, and check it."
        )
    if status == 429:
        return f"{label} asked Crosswalk to slow down (429): calls wait and go on by themselves."
    if status and status >= 500:
        return f"{label} answered {status}, a fault on {label}'s side: events and runs are retried by themselves."
    if kind == "DeadlineExceeded":
        return f"A call to {label} ran out of time: it is tried again later."
    return f"{label} answered {status or 'with an error'}: {error.get('message', '')}"


def _state(seen: Seen, dead: int) -> tuple[str, str]:
    """(css class, words) for the card's headline."""
    conn, error, ok = seen.connection, seen.last_error, seen.last_ok
    check = seen.finished_check
    if not conn.enabled:
        return "off", "Switched off"
    if seen.pause:
        return "bad", f"Calls paused until {seen.pause['until']:%H:%M:%S}: {seen.pause['reason']}"
    if error and (ok is None or error["at"] > ok):
        return "bad", "Failing: the last call failed"
    if check is not None and check.status == check.Status.FAILED:
        return "warn", f"The last check found {len(check.failed_lines)} problem(s)"
    if dead:
        return "warn", f"{dead} event(s) failed for good"
    if ok is not None or (check is not None and check.status == check.Status.PASSED):
        return "ok", "Healthy"
    return "unknown", "Not proven yet: run its check"


def _token(seen: Seen) -> str:
    line = seen.check_line(TOKEN_LINE)
    if line is not None and line.get("status") in ("passed", "failed"):
        return line.get("detail", "").rstrip(".") + f" (checked {when(seen.check.finished_at)})"
    expires = seen.token_expires
    if expires is None:
        return ""
    if expires < timezone.now():
        return "Its last OAuth token has expired; Crosswalk fetches a new one on the next call."
    return f"OAuth token renewed by Crosswalk; the current one is valid until {when(expires)}."


def card(seen: Seen, counts: dict) -> dict:
    conn = seen.connection
    label = conn.get_system_display()
    dead = counts.get((conn.pk, EventStatus.DEAD), 0)
    retrying = counts.get((conn.pk, EventStatus.RETRYING), 0)
    css, headline = _state(seen, dead)
    error = seen.last_error
    check = seen.check
    return {
        "name": conn.name,
        "system": label,
        "url": admin_url("integrations_connection_change", conn.pk),
        "css": css,
        "headline": headline,
        "last_ok": _ago(seen.last_ok),
        "error": {
            "words": error_in_words(error, label),
            "when": when(error["at"]),
            "technical": f"{error['kind']}: {error['where']}: {error['message']}".strip(),
            "resolved": seen.last_ok is not None and seen.last_ok > error["at"],
        }
        if error
        else None,
        "token": _token(seen),
        "check": {
            "label": check.get_status_display(),
            "when": when(check.finished_at or check.requested_at),
            "problem": (check.failed_lines[0]["name"] if check.failed_lines else ""),
        }
        if check
        else None,
        "check_url": check_url(conn),
        "last_event": f"{_ago(seen.last_event_at)} ({seen.last_event_type})" if seen.last_event_at else "",
        "dead": {"count": dead, "url": events_url(connection=conn, status=EventStatus.DEAD)} if dead else None,
        "retrying": {"count": retrying, "url": events_url(connection=conn, status=EventStatus.RETRYING)}
        if retrying
        else None,
    }


def _ago(moment: datetime | None) -> str:
    return when(moment) if moment else ""
