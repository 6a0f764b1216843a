"""Fixtures for the badge connector's unit tests: two connections, mocked HTTP, a flow driver."""

import json
import re
from pathlib import Path

import pytest
import responses

from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.badges.services import setting_set

FIXTURES = Path(__file__).parent / "fixtures"
CREDLY = "https://credly.test/v1/organizations/org-1"
DOCEBO = "https://docebo.test"


def load(name: str):
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def connections(make_connection):
    from django.core.cache import cache

    cache.clear()  # Docebo tokens and the course field id are cached between calls
    credly, _, _ = make_connection(
        system="credly",
        slug="credly-test",
        base_url="https://credly.test/v1",
        credentials={"auth_token": "tok"},
        settings={"organization_id": "org-1"},
    )
    docebo, _, _ = make_connection(
        system="docebo",
        slug="docebo-test",
        base_url=DOCEBO,
        credentials={"client_id": "cid", "client_secret": "secret"},
    )
    return credly, docebo


@pytest.fixture
def http(connections):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.POST, f"{DOCEBO}/oauth2/token", json=load("docebo_token.json"))
        yield mock


@pytest.fixture
def templates(db):
    """Two synced templates: one chosen in Docebo's field as option 31, one for a learning plan."""
    cloud = BadgeTemplate.objects.create(
        credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active", dropdown_element_id="31"
    )
    path = BadgeTemplate.objects.create(credly_id="tpl-path", name="Cloud Path Graduate", state="active")
    return cloud, path


@pytest.fixture
def settings_row(db):
    def set_(**values):
        for key, value in values.items():
            setting_set(key=key, value=value)

    set_(NOTIFICATION_MAIL_ID="lms-admin@example.com")
    return set_


def mapping(**kwargs) -> BadgeMapping:
    defaults = {"badge_template_id": "tpl-cloud", "badge_template_name": "Cloud Foundations Practitioner"}
    return BadgeMapping.objects.create(**{**defaults, **kwargs})


def deliver(connection, event_type: str, payload: dict, key: str = "k1"):
    """Store an event as the webhook view would, and process it as a worker would."""
    from integrations.webhooks import ParsedEvent
    from sync.models import InboundEvent
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    event, _ = event_ingest(
        connection=connection, incoming=ParsedEvent(event_type=event_type, dedupe_key=key, payload=payload)
    )
    event_process(event_id=event.pk)
    return InboundEvent.objects.get(pk=event.pk)


def run_batch(flow_key: str, **params):
    """Queue a run (limited by `params`, e.g. learner=...) and execute it slice by slice, as workers would."""
    from sync.services.runs import run_enqueue
    from tests.dry_runs import run_to_the_end

    return run_to_the_end(run_enqueue(flow_key=flow_key, trigger="manual", params=params))


def calls(mock, method: str, pattern: str) -> list:
    return [c for c in mock.calls if c.request.method == method and re.search(pattern, c.request.url)]


def body(call) -> dict:
    return json.loads(call.request.body)
