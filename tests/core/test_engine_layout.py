"""The engine's shape: no import cycle among its services, tasks and queue; task paths that
django-q has stored (queued tasks, schedules) still resolve; lookup tables reach the engine only
through its services."""

import ast
import re
from pathlib import Path

from django.utils.module_loading import import_string

from sync import queue

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sync/services").glob("*.py"))
ENGINE = ["sync/queue.py", "sync/tasks.py", *SERVICES]


def _module(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _imports(path: str) -> tuple[set[str], list[str]]:
    """(engine modules imported anywhere in the file, those imported inside a function)."""
    engine = {_module(p) for p in ENGINE}
    found, nested = set(), []
    tree = ast.parse((ROOT / path).read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        hits = {n for n in names if n in engine}
        found |= hits
        if hits and node.col_offset > 0:
            nested.append(f"{path}:{node.lineno}")
    return found - {_module(path)}, nested


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """The first import cycle found by a depth-first walk, as a list of modules, or None."""
    done: set[str] = set()

    def visit(trail: list[str]) -> list[str] | None:
        for nxt in sorted(graph.get(trail[-1], ())):
            if nxt in trail:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in done and (found := visit([*trail, nxt])):
                return found
        done.add(trail[-1])
        return None

    return next((found for start in sorted(graph) if (found := visit([start]))), None)


def test_services_tasks_and_queue_import_each_other_without_a_cycle():
    graph, nested = {}, []
    for path in ENGINE:
        graph[_module(path)], inner = _imports(path)
        nested += inner
    cycle = _cycle(graph)
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}"
    assert nested == [], "engine modules imported inside functions (a cycle being dodged?)"


def test_queue_imports_no_service():
    assert _imports("sync/queue.py")[0] == set()


def test_every_task_path_django_q_may_have_stored_still_resolves():
    for path in queue.TASK_PATHS:
        assert callable(import_string(path)), path
    assert queue.TASK_PATHS == ("sync.tasks.process_event", "sync.tasks.execute_run", "sync.tasks.sweep")


def _sync_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return {n for n in names if n == "sync" or n.startswith("sync.")}


def test_lookup_tables_reach_the_engine_only_through_services():
    """Models never import the engine; admin actions and pages call `sync.services.*` or a
    connector's `sync.flows.<connector>.services`, never flow internals."""
    allowed = re.compile(r"sync\.services(\.\w+)?|sync\.flows\.\w+\.services")
    for path in (ROOT / "mappings").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found = _sync_imports(path)
        where = path.relative_to(ROOT)
        if "models" in path.parts or path.name == "models.py":
            assert found == set(), f"{where} imports the engine: {found}"
        assert all(allowed.fullmatch(name) for name in found), f"{where} imports {found}"
