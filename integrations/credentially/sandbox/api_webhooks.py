"""Emulated webhook-gateway: the event catalogue and subscriptions (contract §3.1)."""

from django.http import HttpResponse

from integrations.credentially.events import catalogue_json
from integrations.credentially.sandbox.callbacks import catalogue_types, validate
from integrations.credentially.sandbox.http import endpoint, error, json_body, ok
from integrations.credentially.sandbox.models import Subscription
from integrations.sandbox.variants import variant_on


def subscription_json(sub: Subscription) -> dict:
    return {
        "id": sub.public_id,
        "callbackUrl": sub.callback_url,
        "webhookName": sub.webhook_name,
        "eventTypes": sub.event_types,
        "createdAt": sub.created_at.isoformat().replace("+00:00", "Z"),
    }


@endpoint("webhook-subscriptions")
def event_types(request, org):
    listed = catalogue_types()
    return ok([e for e in catalogue_json() if e["type"] in listed])


@endpoint("webhook-subscriptions", methods=("GET", "POST"))
def subscriptions(request, org):
    if request.method == "GET":
        found = [subscription_json(s) for s in org.subscriptions.order_by("created_at")]
        if variant_on("credentially", "subscriptions_as_object"):  # one object, as the schema types it
            return ok(found[-1] if found else {})
        return ok(found)
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
