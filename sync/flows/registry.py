"""The flow registry: flows are declared in code; their switches and schedules live in the DB."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

_FLOWS: dict[str, "FlowDefinition"] = {}


@dataclass(frozen=True)
class FlowDefinition:
    """A named piece of sync logic between two systems, and its triggers.

    on_event(ctx, event): handles one inbound event (webhook trigger).
    batch(ctx): pages through the source and handles each entity; returns True when it
        stopped early (time slice used up, `ctx.should_yield()`) and wants to be resumed from
        `ctx.checkpoint`; falsy when done.
    on_replay(ctx, payload): redoes one failed record from the payload it was recorded with.
    guard(): a reason the flow must not run now (e.g. the integration master points the
        other way), or None. Shown in the admin.
    recipient(): where failures are e-mailed when the flow row names nobody.
    scopes: what one batch run may be limited to ("learner", "course"): the run's params carry
        the value, and the admin offers "Run for one ..." on the flow.
    """

    key: str
    name: str
    description: str
    source: str
    target: str
    event_types: tuple[str, ...] = ()
    on_event: Callable | None = None
    batch: Callable | None = None
    on_replay: Callable | None = None
    guard: Callable[[], str | None] | None = None
    recipient: Callable[[], str] | None = None
    default_cron: str = ""
    default_timezone: str = "UTC"
    enabled_by_default: bool = True
    scopes: tuple[str, ...] = ()

    def blocked_reason(self) -> str | None:
        return self.guard() if self.guard else None

    @property
    def triggers(self) -> list[str]:
        out = []
        if self.event_types:
            out.append(f"events: {', '.join(self.event_types)}")
        if self.batch:
            out.append("batch (Run now / schedule)")
        return out


def register(definition: FlowDefinition) -> FlowDefinition:
    _FLOWS[definition.key] = definition
    return definition


def unregister(key: str) -> None:
    """For tests that register a throwaway flow."""
    _FLOWS.pop(key, None)


def get_flow(key: str) -> FlowDefinition:
    try:
        return _FLOWS[key]
    except KeyError:
        raise LookupError(f"no flow registered as {key!r}") from None


def all_flows() -> list[FlowDefinition]:
    return sorted(_FLOWS.values(), key=lambda f: f.key)


def flows_for_event(system: str, event_type: str) -> list[FlowDefinition]:
    return [f for f in all_flows() if f.source == system and event_type in f.event_types]


def autodiscover() -> None:
    from django.conf import settings

    import sync.flows as package

    for module in settings.EXTRA_FLOW_MODULES:
        importlib.import_module(module)

    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            for module in ("flows", "drift"):  # its flows, and its drift compare and fix (sync/flows/drift.py)
                name = f"sync.flows.{info.name}.{module}"
                try:
                    importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
