"""The one door to the task queue: the per-process broker, `enqueue`, and the task paths.

Services import this module to nudge a worker; it imports no service, so the engine has no
import cycle (tasks call services, services call the queue). The paths below are what django-q
stores in queued tasks and schedules: rows written by an older release name the same
functions, so they must keep resolving to `sync.tasks`.
"""

import logging

from django.db import transaction
from django_q.brokers import get_broker
from django_q.tasks import async_task

logger = logging.getLogger("crosswalk.sync")

PROCESS_EVENT = "sync.tasks.process_event"
EXECUTE_RUN = "sync.tasks.execute_run"
SWEEP = "sync.tasks.sweep"
ERASE_PERSON = "sync.tasks.erase_person"
TASK_PATHS = (PROCESS_EVENT, EXECUTE_RUN, SWEEP, ERASE_PERSON)

_broker = None


def broker():
    """One broker per process: django-q2 would otherwise open a new Redis connection per task."""
    global _broker
    if _broker is None:
        _broker = get_broker()
    return _broker


def enqueue(func: str, *args, **kwargs) -> None:
    """Send a task now; a broker hiccup is logged and left to the sweep (the row is the truth)."""
    try:
        async_task(func, *args, broker=broker(), **kwargs)
    except Exception:  # the row is stored; the sweep re-enqueues it
        logger.exception("enqueue_failed func=%s args=%s", func, args)


def enqueue_on_commit(func: str, *args) -> None:
    """Send a task once the caller's transaction commits, so the worker finds the row it names."""
    transaction.on_commit(lambda: enqueue(func, *args))
