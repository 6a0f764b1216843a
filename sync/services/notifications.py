"""Failure e-mails, batched: one message per recipient and flow per interval, however many lines.

What is told: an event failed for good, a run finished with failures or stopped, and what a flow
itself chooses to tell (`ctx.notify`). A retry is never told: it may yet succeed. Each line links to
its object's page in the admin, at the hub's own address (HUB_BASE_URL).
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from metrics import recorder
from sync.flows.registry import FlowDefinition
from sync.models import Flow, Notification, Outcome, Record, Run

LINE_CHARS = 4000
RECORDS_TOLD = 3  # failed records quoted in a run's line; its page has them all


def recipient_for(flow_key: str, definition: FlowDefinition | None = None, recipient: str = "") -> str:
    if recipient:
        return recipient
    row = Flow.objects.filter(key=flow_key).only("notification_email").first()
    if row and row.notification_email:
        return row.notification_email
    return definition.recipient() if definition is not None and definition.recipient else ""


def admin_url(obj) -> str:
    """The absolute address of an event's, run's or record's page in the admin."""
    meta = obj._meta
    return f"{settings.HUB_BASE_URL}{reverse(f'admin:{meta.app_label}_{meta.model_name}_change', args=[obj.pk])}"


def notify_flow_failure(
    *,
    flow_key: str,
    line: str,
    definition: FlowDefinition | None = None,
    recipient: str = "",
    subject: str = "",
    url: str = "",
) -> None:
    """Queue a line for the flow's recipient; the sweep sends it with its neighbours. `url` (the
    object's admin page) ends the line, whatever its length."""
    to = recipient_for(flow_key, definition, recipient)
    if not to:
        return
    name = definition.name if definition is not None else flow_key
    link = f"\n  {url}" if url else ""
    Notification.objects.create(
        recipient=to,
        flow_key=flow_key,
        subject=subject or f"Crosswalk: failures in {name}",
        line=line[: LINE_CHARS - len(link)] + link,
    )


def run_notify_failure(*, run: Run, definition: FlowDefinition) -> None:
    """Tell the flow's recipient that a run finished with failures or stopped; both closing paths
    (a batch run closed alone, a batch of webhook runs written together) say it in the same words,
    with the first failed records' reasons."""
    line = f"Run #{run.pk} ({run.get_trigger_display()}) {run.get_status_display().lower()}"
    line += f": {run.failed} failed" if run.failed else ""
    line += f". {run.message}" if run.message else ""
    failed = Record.objects.filter(run_id=run.pk, outcome=Outcome.FAILED).order_by("id")
    for source_ref, message in failed.values_list("source_ref", "message")[:RECORDS_TOLD]:
        line += f"\n  {source_ref}: {message}"
    if run.failed > RECORDS_TOLD:
        line += f"\n  and {run.failed - RECORDS_TOLD} more"
    notify_flow_failure(flow_key=definition.key, definition=definition, line=line, url=admin_url(run))


def notifications_send(*, now=None) -> int:
    """Send what is waiting, except to pairs that already got a message within the interval."""
    now = now or timezone.now()
    interval = timezone.timedelta(minutes=settings.NOTIFY_INTERVAL_MINUTES)
    last_sent = {
        (r["recipient"], r["flow_key"]): r["last"]
        for r in Notification.objects.filter(sent_at__isnull=False)
        .values("recipient", "flow_key")
        .annotate(last=Max("sent_at"))
    }
    pending: dict[tuple[str, str], list[Notification]] = defaultdict(list)
    for note in Notification.objects.filter(sent_at__isnull=True).order_by("created_at"):
        pending[(note.recipient, note.flow_key)].append(note)
    sent = 0
    for (recipient, flow_key), notes in pending.items():
        last = last_sent.get((recipient, flow_key))
        if last and now - last < interval:
            continue
        body = "\n".join(f"- {timezone.localtime(n.created_at):%Y-%m-%d %H:%M} {n.line}" for n in notes)
        send_mail(
            subject=notes[0].subject + (f" ({len(notes)})" if len(notes) > 1 else ""),
            message=f"{len(notes)} problem(s) since the last message:\n\n{body}\n\n"
            "Each link opens its page in the admin: what happened, the technical detail, and how to replay it.\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(sent_at=now)
        recorder.inc("crosswalk_notification_emails_sent", flow=flow_key)
        sent += 1
    return sent
