"""Helpers for dry-run tests: run a dry run slice by slice as workers would, and snapshot the hub's
tables a flow writes, to show a dry run left them as they were."""

from django.apps import apps
from django.core import serializers

HUB_APPS = ("sync", "badges", "compliance", "screening")  # the engine and the lookup tables (and mirror)
NOT_COMPARED = {"sync.run", "sync.record", "sync.flow"}  # the dry run itself (its flow row made on first use)


def run_to_the_end(run):
    """Execute a queued run slice by slice, as workers would; returns it finished (a pause fails the test)."""
    from sync.models import Run, RunStatus
    from sync.services.runs import run_execute

    for _ in range(50):
        run_execute(run_id=run.pk)
        run.refresh_from_db()
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run
        if run.message.startswith("Paused:"):
            raise AssertionError(f"the run paused: {run.message}")
        Run.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    raise AssertionError("the run did not finish")


def dry_run_batch(flow_key: str, *, requested_by: str = ""):
    """Queue a dry run and execute it slice by slice; returns the finished run."""
    from sync.services.dry_run import dry_run_enqueue

    return run_to_the_end(dry_run_enqueue(flow_key=flow_key, requested_by=requested_by))


def hub_tables() -> dict[str, list]:
    """Every row of the hub's own tables (links, claims, mirror, lookup tables, notifications...)."""
    out = {}
    for label in HUB_APPS:
        for model in apps.get_app_config(label).get_models():
            key = model._meta.label_lower
            if key not in NOT_COMPARED:
                out[key] = serializers.serialize("python", model.objects.order_by("pk"))
    return out


def writes(mock) -> list[str]:
    """The calls a `responses` mock saw that were not reads (the OAuth token POST aside)."""
    return [
        f"{c.request.method} {c.request.url}"
        for c in mock.calls
        if c.request.method not in ("GET", "HEAD") and "token" not in c.request.url
    ]
