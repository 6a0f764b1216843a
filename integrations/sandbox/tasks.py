"""The emulators' webhook sender, run by a django-q2 worker like a vendor's own delivery job."""

import time

import requests
from django.utils import timezone

from integrations.sandbox.models import SandboxDelivery

RETRY_WAITS = (0.5, 2.0)  # a real system retries for hours; the sandbox keeps it short


def deliver_webhook(delivery_id: int, raw: bytes, headers: dict, retry: bool = True) -> int | None:
    delivery = SandboxDelivery.objects.get(pk=delivery_id)
    status = None
    for attempt, wait in enumerate((0.0, *RETRY_WAITS) if retry else (0.0,), start=1):
        time.sleep(wait)
        try:
            response = requests.post(delivery.url, data=raw, headers=headers, timeout=15)
            status, text = response.status_code, response.text[:2000]
        except requests.RequestException as exc:
            status, text = None, f"{type(exc).__name__}: {exc}"
        SandboxDelivery.objects.filter(pk=delivery_id).update(
            attempts=attempt,
            status_code=status,
            response=text,
            delivered_at=timezone.now() if status and status < 300 else None,
        )
        if status is not None and (status < 300 or status in (400, 401, 404, 413)):
            break
    return status
