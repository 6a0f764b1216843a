"""A throwaway receiver and flow for testing the core without any real system's code."""

import json

from integrations.webhooks import ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver
from sync.flows.registry import FlowDefinition, register, unregister
from sync.models import Outcome


class JsonReceiver(WebhookReceiver):
    """Body: {"events": [{"id": "...", "type": "...", "email": "..."}]} - one event per item.

    {"items": [...]} stands for a shape a vendor might start sending one day: not understood
    until `understands_items` is set (the code "learns" it), then read like "events".
    """

    max_events = 5
    understands_items = False

    def parse(self, connection, body, request):
        data = self.load_json(body)
        if isinstance(data, dict) and "items" in data:
            if not self.understands_items:
                raise UnsupportedShape("a body with 'items' instead of 'events'", event_type="test.items")
            data = {"events": data["items"]}
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise PayloadError("expected {'events': [...]}")
        out = []
        for item in data["events"]:
            self.require(item, "id", "type")
            out.append(
                ParsedEvent(
                    event_type=item["type"],
                    dedupe_key=item["id"],
                    payload=item,
                    external_id=item.get("object", ""),
                    email=item.get("email", ""),
                )
            )
        return out

    def challenge(self, connection, request):
        return request.GET.get("challenge")


def body(*events) -> bytes:
    return json.dumps({"events": list(events)}).encode()


class Recorder:
    """Handlers that record what they saw and fail on demand."""

    def __init__(self):
        self.seen, self.fail_times, self.batches = [], 0, 0

    def on_event(self, ctx, event):
        if self.fail_times > 0:
            self.fail_times -= 1
            raise RuntimeError("boom")
        self.seen.append(event.pk)
        ctx.record(source_ref=event.external_id or str(event.pk), action="test", outcome=Outcome.CREATED)

    def batch(self, ctx):
        start = ctx.checkpoint.get("next", 0)
        for i in range(start, 10):
            if i == 3:
                ctx.entity(source_ref=f"item-{i}", action="copy", fn=lambda: 1 / 0, payload={"i": i})
            else:
                ctx.record(source_ref=f"item-{i}", action="copy", outcome=Outcome.CREATED)
            ctx.progress(done=i + 1, total=10)
            ctx.save_checkpoint(next=i + 1)
            if i == 5 and self.batches == 0:
                self.batches += 1
                return True  # yield once, as a long batch does when its slice is used up
        return False

    def on_replay(self, ctx, payload):
        ctx.record(source_ref=f"item-{payload['i']}", action="copy", outcome=Outcome.CREATED)


def register_test_flow(recorder: Recorder, *, key="test.flow", event_types=("test.event",), guard=None):
    unregister(key)
    return register(
        FlowDefinition(
            key=key,
            name=f"Test flow {key}",
            description="for tests",
            source="docebo",
            target="credly",
            event_types=event_types,
            on_event=recorder.on_event,
            batch=recorder.batch,
            on_replay=recorder.on_replay,
            guard=guard,
            recipient=lambda: "ops@example.com",
        )
    )
