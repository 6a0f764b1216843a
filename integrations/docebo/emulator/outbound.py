"""The emulated Webhooks app: builds Docebo's envelope and posts it to the hub through the sandbox outbox.

Single mode sends one message per event with `payload`; with "Allow the platform to group
payloads" on, events of one type travel together in `payloads`, at most 25 a message (§4.2).
"""

import base64
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from integrations.docebo.emulator.api import day, stamp
from integrations.docebo.events import GROUP_LIMIT
from integrations.docebo.models import PlatformSettings
from integrations.sandbox.outbox import send_webhook


def send_events(event_type: str, items: list[dict], *, batch_action: bool = False) -> int:
    """Queue the deliveries for these event items (after commit); returns how many messages."""
    config = PlatformSettings.load()
    if not config.webhook_url or not items:
        return 0
    if config.group_payloads:
        groups = [items[i : i + GROUP_LIMIT] for i in range(0, len(items), GROUP_LIMIT)]
    else:
        groups = [[item] for item in items]
    for group in groups:
        body = _envelope(config, event_type, batch_action)
        if config.group_payloads:
            body["payloads"] = group
        else:
            body["payload"] = group[0]
        send_webhook(system="docebo", url=config.webhook_url, body=body, headers=_auth(config), event_type=event_type)
    return len(groups)


def _envelope(config: PlatformSettings, event_type: str, batch_action: bool) -> dict:
    now = timezone.now().strftime("%Y%m%d-%H%M%S")
    return {
        "webhook_id": config.webhook_id,
        "original_domain": urlsplit(settings.HUB_BASE_URL).hostname,
        "event": event_type,
        "fired_by_batch_action": batch_action,
        "message_id": f"wh-{now}-{uuid.uuid4()}",
    }


def _auth(config: PlatformSettings) -> dict:
    if not config.webhook_username:
        return {}
    raw = f"{config.webhook_username}:{config.webhook_password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def course_completion_item(enrollment) -> dict:
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": enrollment.user_id,
        "username": enrollment.user.username,
        "course_id": enrollment.course_id,
        "course_name": enrollment.course.name,
        "level": "student",
        "enrollment_date": stamp(enrollment.created_at),
        "enrollment_date_begin_validity": None,
        "enrollment_date_end_validity": None,
        "subscribed_by_id": 1,
        "status": enrollment.status,
        "completion_date": stamp(enrollment.completed_at),
    }


def plan_completion_item(plan_enrollment) -> dict:
    plan = plan_enrollment.plan
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": plan_enrollment.user_id,
        "username": plan_enrollment.user.username,
        "learning_plan_id": plan.pk,
        "learning_plan_code": plan.code,
        "learning_plan_name": plan.name,
        "status": "completed",
        "completion_date": stamp(plan_enrollment.completed_at),
    }


def certification_item(award) -> dict:
    cert = award.certification
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": award.user_id,
        "username": award.user.username,
        "certification_id": cert.pk,
        "certification_code": cert.code,
        "certification_title": cert.title,
        "issued_on": day(award.issued_on),
        "expire_on": day(award.expire_on),
    }
