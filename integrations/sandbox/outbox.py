"""How emulators call the hub: from a worker, after the state change commits, never in-request."""

import gzip
import json

from django.db import transaction

from integrations.sandbox.models import SandboxDelivery


def send_webhook(
    *,
    system: str,
    url: str,
    body: dict | list | bytes,
    headers: dict | None = None,
    event_type: str = "",
    gzip_body: bool = False,
    sign=None,
    retry: bool = True,
) -> SandboxDelivery:
    """Record a delivery and enqueue it. `sign(raw_bytes) -> dict` adds signature headers;
    `retry=False` for systems that never retry a failed delivery (iCIMS)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    delivery = SandboxDelivery.objects.create(
        system=system, url=url, event_type=event_type, body=raw.decode(errors="replace")
    )
    out_headers = {"Content-Type": "application/json", **(headers or {})}
    if sign is not None:
        out_headers.update(sign(raw))
    if gzip_body:
        raw = gzip.compress(raw)
        out_headers["Content-Encoding"] = "gzip"

    def enqueue():
        from django_q.tasks import async_task

        async_task("integrations.sandbox.tasks.deliver_webhook", delivery.pk, raw, out_headers, retry)

    transaction.on_commit(enqueue)
    return delivery
