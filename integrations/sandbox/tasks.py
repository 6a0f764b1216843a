"""The emulators' webhook sender, run by a django-q2 worker like a vendor's own delivery job."""

import time

import requests
from django.utils import timezone

from integrations.sandbox.base import emulator
from integrations.sandbox.models import SandboxDelivery

RETRY_WAITS = (0.5, 2.0)  # a real system retries for hours; the sandbox keeps it short


def deliver_webhook(delivery_id: int, raw: bytes, headers: dict, retry: bool = True) -> int | None:
    delivery = SandboxDelivery.objects.get(pk=delivery_id)
    delivered = emulator(delivery.system).delivered_statuses
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
            delivered_at=timezone.now() if _delivered(status, delivered) else None,
        )
        # Delivered, or refused for good: stop. Another answer (a 2xx the vendor does not count) is retried.
        if status is not None and (_delivered(status, delivered) or status in (400, 401, 404, 413)):
            break
    return status


def _delivered(status: int | None, delivered: tuple[int, ...]) -> bool:
    """Whether the vendor would count this answer as delivered (its own list, else any 2xx)."""
    if status is None:
        return False
    return status in delivered if delivered else 200 <= status < 300
