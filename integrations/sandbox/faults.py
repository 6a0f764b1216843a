"""Fault injection for emulated APIs: latency, errors (429 with Retry-After, 5xx) and hangs."""

import random
import re
import time

from django.conf import settings
from django.http import JsonResponse

_API_PATH = re.compile(r"^/sandbox/(?P<system>[a-z]+)/(?!_)(?P<rest>.+)$")


class SandboxFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SANDBOX_ENABLED:
            match = _API_PATH.match(request.path_info)
            if match:
                injected = inject(match["system"])
                if injected is not None:
                    return injected
        return self.get_response(request)


def inject(system: str):
    from django.db.models import F

    from integrations.sandbox.models import SandboxFault

    fault = SandboxFault.objects.filter(system=system).first()
    if fault is None:
        return None
    if fault.latency_ms:
        time.sleep(fault.latency_ms / 1000)
    if fault.timeout_rate and random.randrange(100) < fault.timeout_rate:
        time.sleep(fault.hang_seconds)
    forced = fault.fail_next and SandboxFault.objects.filter(pk=fault.pk, fail_next__gt=0).update(
        fail_next=F("fail_next") - 1
    )
    if forced or (fault.error_rate and random.randrange(100) < fault.error_rate):
        response = JsonResponse(
            {"error": "injected by the sandbox fault switch", "status": fault.error_status}, status=fault.error_status
        )
        if fault.error_status == 429:
            response["Retry-After"] = str(fault.retry_after_seconds)
        return response
    return None
