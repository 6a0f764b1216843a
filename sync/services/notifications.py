"""Failure e-mails, batched: one message per recipient and flow per interval, however many lines."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max
from django.utils import timezone

from metrics import recorder
from sync.flows.registry import FlowDefinition
from sync.models import Flow, Notification, Run


def recipient_for(flow_key: str, definition: FlowDefinition | None = None, recipient: str = "") -> str:
    if recipient:
        return recipient
    row = Flow.objects.filter(key=flow_key).only("notification_email").first()
    if row and row.notification_email:
        return row.notification_email
    return definition.recipient() if definition is not None and definition.recipient else ""


def notify_flow_failure(
    *, flow_key: str, line: str, definition: FlowDefinition | None = None, recipient: str = "", subject: str = ""
) -> None:
    """Queue a line for the flow's recipient; the sweep sends it with its neighbours."""
    to = recipient_for(flow_key, definition, recipient)
    if not to:
        return
    name = definition.name if definition is not None else flow_key
    Notification.objects.create(
        recipient=to, flow_key=flow_key, subject=subject or f"Crosswalk: failures in {name}", line=line[:4000]
    )


def run_notify_failure(*, run: Run, definition: FlowDefinition) -> None:
    """Tell the flow's recipient that a run failed or errored; both closing paths (a batch run
    closed alone, a batch of webhook runs written together) say it in the same words."""
    notify_flow_failure(
        flow_key=definition.key,
        definition=definition,
        line=f"Run #{run.pk} ({run.get_trigger_display()}) {run.get_status_display().lower()}: "
        f"{run.failed} failed. {run.message}".strip(),
    )


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
        body = "\n".join(f"- {n.created_at:%Y-%m-%d %H:%M} {n.line}" for n in notes)
        send_mail(
            subject=notes[0].subject + (f" ({len(notes)})" if len(notes) > 1 else ""),
            message=f"{len(notes)} problem(s) since the last message:\n\n{body}\n\n"
            f"Details and replay: {settings.HUB_BASE_URL}/admin/sync/\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(sent_at=now)
        recorder.inc("crosswalk_notification_emails_sent", flow=flow_key)
        sent += 1
    return sent
