"""The reference endpoint the intake is measured against: a plain Django view inserting one row.

No authentication, no dedupe, no queue: what the same server, settings and database do with one
INSERT per request. Rows go in as ignored events of the bench connection, so no worker takes them.
Served only by the bench (bench/bare_settings.py); the hub's URLconf never includes it.
"""

import json
import uuid

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from sync.models import EventStatus, InboundEvent


@csrf_exempt
def bare(request, connection_id: int):
    payload = json.loads(request.body)
    event = InboundEvent.objects.create(
        connection_id=connection_id,
        event_type="bare",
        dedupe_key=uuid.uuid4().hex,
        payload=payload,
        status=EventStatus.IGNORED,
    )
    return HttpResponse(json.dumps({"event_id": event.pk}), status=202, content_type="application/json")


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/<int:connection_id>/", bare), path("healthz", healthz)]
