"""A flow that makes no outside call, loaded by the live hub in core e2e tests and benchmarks
(EXTRA_FLOW_MODULES=tests.e2e.flows): it records each event it sees and returns."""

from sync.flows.registry import FlowDefinition, register
from sync.models import Outcome

EVENT_TYPE = "user.created"


def record_event(ctx, event):
    ctx.record(source_ref=event.external_id or str(event.pk), action="noop", outcome=Outcome.UNCHANGED)


register(
    FlowDefinition(
        key="test.noop",
        name="No-op (tests and benchmarks)",
        description="Records each event; no call.",
        source="docebo",
        target="docebo",
        event_types=(EVENT_TYPE,),
        on_event=record_event,
    )
)
