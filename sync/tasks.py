"""Thin, idempotent tasks: load by id, call a service. The DB row is the truth; tasks are nudges.

django-q stores these functions by path (see sync/queue.py): queued tasks and schedules written
by any release name them, so they keep their names and their place here.
"""

from sync.services import erasure, events, flows, notifications, processing, retention, runs


def process_event(event_id: int) -> str | None:
    return processing.event_process(event_id=event_id)


def execute_run(run_id: int) -> None:
    runs.run_execute(run_id=run_id)


def erase_person(erasure_id: int) -> str | None:
    return erasure.erasure_execute(erasure_id=erasure_id)


def sweep() -> dict:
    """Every minute: recover lost work (events, runs, erasures), start scheduled flows, send batched
    notifications, and prune a bounded number of rows past their retention."""
    return {
        "events": events.events_requeue(),
        "runs": runs.runs_requeue(),
        "erasures": erasure.erasures_requeue(),
        "scheduled": flows.flows_start_due(),
        "emails": notifications.notifications_send(),
        "pruned": retention.retention_sweep(),
    }
