"""Emulated webhook-gateway: the event catalogue and subscriptions (contract §3.1)."""

import re

from django.http import HttpResponse

from integrations.credentially.emulator.http import endpoint, error, json_body, ok
from integrations.credentially.events import CATALOGUE, catalogue_json
from integrations.credentially.models import Subscription

_NAME = re.compile(r"^[A-Za-z0-9_-]{3,50}$")
_URL = re.compile(r"^https?://.+")


def subscription_json(sub: Subscription) -> dict:
    return {
        "id": sub.public_id,
        "callbackUrl": sub.callback_url,
        "webhookName": sub.webhook_name,
        "eventTypes": sub.event_types,
        "createdAt": sub.created_at.isoformat().replace("+00:00", "Z"),
    }


def validate(body) -> str | None:
    """The subscription rules of Credentially's webhook spec; returns what is wrong, or None."""
    if not isinstance(body, dict):
        return "a JSON object is required"
    url, name, password = body.get("callbackUrl") or "", body.get("webhookName") or "", body.get("password") or ""
    kinds = body.get("eventTypes")
    if not _URL.match(url) or len(url) > 500:
        return "callbackUrl must be an http(s) URL of at most 500 characters"
    if not _NAME.match(name):
        return "webhookName must be 3-50 characters of letters, digits, _ or -"
    if not 8 <= len(password) <= 50:
        return "password must be 8-50 characters"
    if not isinstance(kinds, list) or not kinds or len(set(kinds)) != len(kinds):
        return "eventTypes must be a non-empty list without repeats"
    unknown = [k for k in kinds if k not in CATALOGUE]
    return f"unknown event types: {', '.join(map(str, unknown))}" if unknown else None


@endpoint("webhook-subscriptions")
def event_types(request, org):
    return ok(catalogue_json())


@endpoint("webhook-subscriptions", methods=("GET", "POST"))
def subscriptions(request, org):
    if request.method == "GET":
        return ok([subscription_json(s) for s in org.subscriptions.order_by("created_at")])
    body = json_body(request)
    problem = validate(body)
    if problem:
        return error(request, 400, problem)
    sub = Subscription.objects.create(
        organisation=org,
        callback_url=body["callbackUrl"],
        webhook_name=body["webhookName"],
        password=body["password"],
        event_types=body["eventTypes"],
    )
    return ok(subscription_json(sub), status=201)


@endpoint("webhook-subscriptions", methods=("DELETE",))
def subscription(request, org, subscription_id: str):
    deleted, _ = org.subscriptions.filter(public_id=subscription_id).delete()
    if not deleted:
        return error(request, 404, "Subscription not found")
    return HttpResponse(status=204)
