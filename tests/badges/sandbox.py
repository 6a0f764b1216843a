"""Helpers for the badge e2e stories: wire the hub to both emulators, act as a vendor user over
HTTP (the sandbox pages' actions), and read what the emulators hold."""

import secrets

from sync.models import EVENT_PENDING, InboundEvent
from tests.live import wait_until


def wire():
    """Both emulators seeded, the hub's connections to them, the demo lookup tables, and a
    first template sync + Docebo field sync run (they call the emulators over HTTP)."""
    from demo import badges as badges_demo
    from demo import credly as credly_demo
    from demo import docebo as docebo_demo
    from integrations.docebo.sandbox import EMULATOR as DOCEBO

    DOCEBO.seed()
    credly = credly_demo.seed()
    docebo = docebo_demo.seed()
    badges_demo.seed()  # queues the template sync, which runs inline here (Q sync) and queues the field sync
    return credly, docebo


def action(hub, system: str, button: str, /, **fields) -> str:
    """Press a sandbox page button as a person would (the page's form, with its CSRF token)."""
    csrf = secrets.token_hex(16)
    answer = hub.post(
        f"/sandbox/{system}/_actions/{button}/",
        data={**fields, "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return answer.text


def docebo_user(email: str) -> int:
    from integrations.docebo.sandbox.models import User

    return User.objects.get(email=email).pk


def docebo_pk(model_name: str, code: str) -> int:
    from integrations.docebo.sandbox import models

    return getattr(models, model_name).objects.get(code=code).pk


def credly_badges(email: str, template_name: str, *, live_only: bool = True):
    from integrations.credly.sandbox.models import IssuedBadge

    badges = IssuedBadge.objects.filter(recipient_email__iexact=email, template__name=template_name)
    return list(badges.filter(state__in=["pending", "accepted"]) if live_only else badges)


def credly_template_id(name: str) -> str:
    from integrations.credly.sandbox.models import Template

    return str(Template.objects.get(name=name).pk)


def settle(hub, *, timeout: float = 20) -> None:
    """Wait until every delivery the emulators queued has reached the hub and been processed."""
    from integrations.sandbox.models import SandboxDelivery

    wait_until(
        lambda: not SandboxDelivery.objects.filter(status_code__isnull=True).exists(),
        timeout=timeout,
        message=f"sandbox deliveries sent\n{hub.log_tail()}",
    )
    wait_until(
        lambda: not InboundEvent.objects.filter(status__in=EVENT_PENDING).exists(),
        timeout=timeout,
        message=f"inbox processed\n{hub.log_tail()}",
    )
