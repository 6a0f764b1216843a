"""Drive an existing run to its end slice by slice, as workers would (the drift tests' compare and fix runs)."""


def run_until_done(run):
    from sync.models import Run, RunStatus
    from sync.services.runs import run_execute

    for _ in range(10):
        run_execute(run_id=run.pk)
        run.refresh_from_db()
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run
        Run.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    raise AssertionError("the run did not finish")
