"""One checklist row for every setup checklist (badges, compliance, screening), and the rows they
share: a connection proven to work, and a vendor-side step proven by what the system sent.

A row is *done* only on evidence: a connection check that passed, a successful call, an event
received from the system, or the hub's own tables filled by a sync. A step taken in the vendor's
own settings that the hub cannot read is *not seen yet* (saying what to do) until such evidence
arrives; it is never ticked on faith.
"""

from dataclasses import dataclass

from django.urls import reverse

from integrations.models import Connection
from sync.console.evidence import Evidence, when

DONE, TODO, WAITING = "done", "todo", "waiting"
LABELS = {DONE: "Done", TODO: "To do", WAITING: "Not seen yet"}


@dataclass(frozen=True)
class ChecklistRow:
    title: str
    state: str  # done | todo | waiting
    detail: str
    fix_url: str = ""

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def __str__(self) -> str:  # "Not seen yet: in Docebo, Admin Menu > Webhooks, ..."
        return f"{self.title}: {self.label}: {self.detail}"


def done(title: str, detail: str, url: str = "") -> ChecklistRow:
    return ChecklistRow(title, DONE, detail, url)


def todo(title: str, detail: str, url: str = "") -> ChecklistRow:
    return ChecklistRow(title, TODO, detail, url)


def not_seen(title: str, what_to_do: str, url: str = "") -> ChecklistRow:
    return ChecklistRow(title, WAITING, what_to_do, url)


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def add_connection_url(system: str) -> str:
    return admin_url("integrations_connection_add") + f"?system={system}"


def check_url(connection: Connection) -> str:
    return admin_url("integrations_connection_check", connection.pk)


def connection_row(title: str, connection: Connection | None, evidence: Evidence, *, missing=()) -> ChecklistRow:
    """Done when the last connection check passed, or a call succeeded after the last failed check."""
    if connection is None:
        return todo(title, "No connection yet: add it with the account's credentials.", "")
    change = admin_url("integrations_connection_change", connection.pk)
    if not connection.enabled:
        return todo(title, f"{connection.name} is switched off: no flow calls it. Switch it on.", change)
    if missing:
        return todo(title, f"{connection.name}: missing {', '.join(missing)}.", change)
    seen = evidence.of(connection)
    check, ok = seen.check, seen.last_ok
    if check is not None and check.status == check.Status.FAILED and not (ok and ok > check.finished_at):
        first = check.failed_lines[0] if check.failed_lines else {"name": "a line", "detail": ""}
        detail = f"The check of {when(check.finished_at)} failed at '{first['name']}': {first.get('detail', '')}"
        return todo(title, detail.strip(), check_url(connection))
    if check is not None and check.status == check.Status.PASSED:
        return done(title, f"{connection.name}: the connection check passed on {when(check.finished_at)}.", change)
    if ok is not None:
        return done(title, f"{connection.name}: last successful call {when(ok)}.", change)
    if check is not None:  # queued or running
        return todo(
            title, f"{connection.name}: a check is {check.get_status_display().lower()}.", check_url(connection)
        )
    return todo(
        title,
        f"{connection.name}: not proven yet (no check, no successful call). Open it and run 'Check now'.",
        check_url(connection),
    )


def received_row(
    title: str,
    connection: Connection | None,
    evidence: Evidence,
    *,
    what_to_do: str,
    check_line: str = "",
) -> ChecklistRow:
    """A vendor-side webhook step: done when an event from this connection has arrived (or when the
    named line of its connection check read the vendor's setting and passed); a failed line says
    what it found; otherwise not seen yet."""
    if connection is None:
        return todo(title, "Add the connection first.")
    seen = evidence.of(connection)
    if seen.last_event_at is not None:
        detail = f"Last event received {when(seen.last_event_at)} ({seen.last_event_type})."
        return done(title, detail, events_url(connection=connection))
    line = seen.check_line(check_line) if check_line else None
    if line is not None and line.get("status") == "passed":
        detail = f"The check of {when(seen.check.finished_at)} read it: {line.get('detail', '')}".strip()
        return done(title, detail, check_url(connection))
    if line is not None and line.get("status") == "failed":
        return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(connection))
    return not_seen(title, what_to_do, check_url(connection))


def events_url(*, connection: Connection | None = None, status: str = "") -> str:
    query = []
    if status:
        query.append(f"status__in={status}" if "," in status else f"status__exact={status}")
    if connection is not None:
        query.append(f"connection__id__exact={connection.pk}")
    return admin_url("sync_inboundevent_changelist") + ("?" + "&".join(query) if query else "")
