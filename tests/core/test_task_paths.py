"""Task paths that django-q has stored (queued tasks, schedules) still resolve.

The engine's layers (no import cycle among tasks, services and the queue) and the lookup tables'
way into the engine are import-linter contracts in pyproject.toml, run by test_architecture.py."""

from django.utils.module_loading import import_string

from sync import queue


def test_every_task_path_django_q_may_have_stored_still_resolves():
    for path in queue.TASK_PATHS:
        assert callable(import_string(path)), path
    assert queue.TASK_PATHS == (
        "sync.tasks.process_event",
        "sync.tasks.execute_run",
        "sync.tasks.sweep",
        "sync.tasks.erase_person",
    )
