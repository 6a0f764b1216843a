"""Retry now: one event or one failed record queued again at once, from its row.

The row's button posts the page's own form (with its CSRF token) to `<id>/retry/`; the view checks
the replay permission, calls the same service as the Replay action, says what it did and goes back
to the page the button was on. Nothing runs in the request: a worker takes it up.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from sync.models import EventStatus, InboundEvent, Outcome, Record
from sync.services.events import event_replay
from sync.services.runs import flow_blocked_reason, records_replay

RETRYABLE_EVENTS = (EventStatus.RETRYING, EventStatus.DEAD)


def retry_url(obj) -> str:
    return reverse(f"admin:sync_{obj._meta.model_name}_retry", args=[obj.pk])


def retry_urls(model_admin) -> list:
    name = f"sync_{model_admin.model._meta.model_name}_retry"
    view = model_admin.admin_site.admin_view(lambda request, object_id: retry_view(model_admin, request, object_id))
    return [path("<int:object_id>/retry/", view, name=name)]


def can_retry(request) -> bool:
    return request.user.has_perm("sync.replay_event")


def retry_view(model_admin, request, object_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_retry(request):
        raise PermissionDenied
    obj = get_object_or_404(model_admin.model, pk=object_id)
    level, text = _retry_event(obj) if isinstance(obj, InboundEvent) else _retry_record(obj)
    model_admin.message_user(request, text, level)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse(f"admin:sync_{model_admin.model._meta.model_name}_changelist")
    return HttpResponseRedirect(back)


def _retry_event(event: InboundEvent) -> tuple[int, str]:
    if event.status not in RETRYABLE_EVENTS:
        return messages.WARNING, f"Event #{event.pk} is {event.get_status_display().lower()}: nothing to retry."
    event_replay(event_ids=[event.pk])
    return messages.SUCCESS, f"Event #{event.pk} queued again; a worker takes it up in a moment."


def _retry_record(record: Record) -> tuple[int, str]:
    if record.outcome != Outcome.FAILED:
        return messages.WARNING, f"Record #{record.pk} is {record.get_outcome_display().lower()}: nothing to retry."
    if record.run.dry:
        return messages.WARNING, f"Record #{record.pk} is from a dry run, which writes nothing: run the flow instead."
    runs = records_replay(record_ids=[record.pk])
    if not runs:
        flow = record.run.flow
        reason = flow_blocked_reason(flow) or "a run of this flow is under way; retry when it has finished"
        return messages.WARNING, f"Record #{record.pk} not queued: {reason}."
    return messages.SUCCESS, f"Record #{record.pk} queued in replay run #{runs[0].pk}."
