"""The vendors' webhook settings forms on the sandbox pages: filled from a hub connection (the
password only from a POST body), saved as the vendor would keep them, stale targets said so and
removed; the emulators then call the hub as configured."""

import json
from datetime import date

import pytest
import responses

from integrations.crypto import matches_hash
from integrations.models import Connection
from integrations.sandbox.webhook_settings import hub_event_types

pytestmark = pytest.mark.django_db


def seed(system: str) -> None:
    from integrations.sandbox.base import emulator

    emulator(system).seed()


def connection(make_connection, system: str, slug: str, **kwargs) -> tuple[Connection, str, str]:
    from integrations.sandbox.base import emulator

    return make_connection(system, slug=slug, base_url=emulator(system).base_url(), **kwargs)


def fill(client, system: str, conn: Connection, username: str, secret: str) -> str:
    """What the hub's one-time page posts: the page comes back with the vendor's form filled."""
    page = client.post(
        f"/sandbox/{system}/_webhook/fill/", {"connection": conn.slug, "username": username, "secret": secret}
    )
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    return page.content.decode()


def test_a_connection_fills_the_docebo_form_but_never_puts_its_password_in_a_link(client, make_connection):
    seed("docebo")
    conn, username, secret = connection(make_connection, "docebo", "docebo-live")
    page = client.get("/sandbox/docebo/?connection=docebo-live").content.decode()
    assert f'value="{conn.webhook_url}"' in page and f'value="{username}"' in page
    assert secret not in page and "paste it here" in page
    page = fill(client, "docebo", conn, username, secret)
    assert f'name="password" type="password" value="{secret}"' in page
    # the events the hub's flows listen to are ticked: course completion and the certification ones
    assert 'value="course.enrollment.completed" checked' in page
    # an event type no flow listens to stays unticked (tests/e2e/flows.py may register user.created)
    unheard = next(t for t in ("course.enrollment.created", "user.created") if t not in hub_event_types("docebo"))
    assert f'value="{unheard}" checked' not in page and f'value="{unheard}"' in page


def test_saving_the_docebo_form_makes_a_webhook_that_calls_the_hub_with_basic_auth(
    client, make_connection, django_capture_on_commit_callbacks
):
    from integrations.docebo.sandbox import state
    from integrations.docebo.sandbox.models import Certification, Course, User, Webhook

    seed("docebo")
    conn, username, secret = connection(make_connection, "docebo", "docebo-live")
    form = {
        "name": "Crosswalk",
        "payload_url": conn.webhook_url,
        "username": username,
        "password": secret,
        "events": ["course.enrollment.completed"],
        "active": "on",
    }
    page = client.post("/sandbox/docebo/_webhook/", form, follow=True).content.decode()
    assert "Webhook &#x27;Crosswalk&#x27; saved (active)" in page
    hook = Webhook.objects.get()
    assert (hook.payload_url, hook.username, hook.events) == (conn.webhook_url, username, form["events"])
    jane = User.objects.get(email="jane.doe@example.com")
    with responses.RequestsMock() as hub:
        hub.post(conn.webhook_url, status=202, json={})
        with django_capture_on_commit_callbacks(execute=True):
            state.complete_course(users=[jane], course=Course.objects.get(code="DAT-110"))
            state.award(certification=Certification.objects.first(), user=jane, issued_on=date.today(), expire_on=None)
        (call,) = hub.calls  # the certification event is not ticked: nothing is sent for it
        assert json.loads(call.request.body)["webhook_id"] == hook.pk
        user, _, password = _basic(call.request.headers["Authorization"]).partition(":")
    assert user == username and matches_hash(password, conn.webhook_secret_hash)


def test_the_docebo_form_refuses_more_than_eight_events_and_a_missing_password(client):
    seed("docebo")
    form = {"name": "x", "payload_url": "https://hub.example/hooks/x/", "username": "u", "password": ""}
    page = client.post("/sandbox/docebo/_webhook/", {**form, "events": ["user.created"]}, follow=True)
    assert "HTTP Basic needs the password too" in page.content.decode()
    from integrations.docebo.sandbox.webhook_page import EVENT_PICKER

    too_many = {**form, "password": "p", "events": list(EVENT_PICKER)}
    page = client.post("/sandbox/docebo/_webhook/", too_many, follow=True)
    assert "tick between 1 and 8 events" in page.content.decode()


def test_a_webhook_left_by_a_deleted_connection_is_listed_as_stale_and_can_be_removed(client, make_connection):
    from integrations.docebo.sandbox import EMULATOR
    from integrations.docebo.sandbox.models import Webhook

    seed("docebo")
    old, old_user, old_secret = connection(make_connection, "docebo", "docebo-old")
    EMULATOR.register_hub(url=old.webhook_url, username=old_user, secret=old_secret, slug=old.slug)
    live, user, secret = connection(make_connection, "docebo", "docebo-live")
    EMULATOR.register_hub(url=live.webhook_url, username=user, secret=secret, slug=live.slug)
    old.delete()
    page = client.get("/sandbox/docebo/").content.decode()
    assert "the hub has no connection &#x27;docebo-old&#x27; (deleted or renamed)" in page
    stale = Webhook.objects.get(payload_url__contains="docebo-old")
    client.post("/sandbox/docebo/_webhook/remove/", {"target": str(stale.pk)})
    assert list(Webhook.objects.values_list("payload_url", flat=True)) == [live.webhook_url]


def test_a_rotated_password_makes_the_target_stale(make_connection):
    from integrations.docebo.sandbox import EMULATOR
    from integrations.docebo.sandbox.webhook_page import targets
    from integrations.services import connection_issue_webhook_secret

    seed("docebo")
    conn, user, secret = connection(make_connection, "docebo", "docebo-live")
    EMULATOR.register_hub(url=conn.webhook_url, username=user, secret=secret, slug=conn.slug)
    assert targets()[0].problem == ""
    connection_issue_webhook_secret(connection=conn)
    assert "not the current webhook secret" in targets()[0].problem


def test_icims_event_notification_ticks_the_statuses_the_hubs_lookup_tables_name(client, make_connection):
    from integrations.icims.sandbox.models import NotificationTarget
    from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK, STATUS_ONBOARDING
    from mappings.compliance.models import StageTrigger

    seed("icims")
    ats, username, secret = connection(make_connection, "icims", "icims-live", settings={"customer_id": "7712"})
    staff, _, _ = make_connection("credentially", slug="cred-live", credentials={"api_key": "k"})
    StageTrigger.objects.create(
        ats_connection=ats, status=STATUS_ONBOARDING, credentially_connection=staff, role_name="Nurse"
    )
    page = fill(client, "icims", ats, username, secret)
    assert f'value="{STATUS_ONBOARDING}" checked' in page and f'value="{STATUS_BACKGROUND_CHECK}" checked' not in page
    form = {
        "name": "icims-live",
        "url": ats.webhook_url,
        "username": username,
        "password": secret,
        "statuses": [STATUS_ONBOARDING, STATUS_BACKGROUND_CHECK],
        "enabled": "on",
    }
    page = client.post("/sandbox/icims/_webhook/", form, follow=True).content.decode()
    assert "Background Check, Onboarding post to" in page
    target = NotificationTarget.objects.get(slug="icims-live")
    assert target.trigger_statuses == [STATUS_BACKGROUND_CHECK, STATUS_ONBOARDING] and target.password == secret
    client.post("/sandbox/icims/_webhook/", {**form, "password": ""})  # a blank password keeps it
    assert NotificationTarget.objects.get(slug="icims-live").password == secret


def test_icims_page_shows_what_the_hub_wrote_on_each_person_under_its_label(client):
    from integrations.icims.sandbox.models import Person

    seed("icims")
    person = Person.objects.order_by("pk").last()
    person.fields = {
        **person.fields,
        "credentiallycompliancestatus": {"id": "C1", "value": "Compliant"},
        "bgcresults": [{"bgcorderstatus": {"value": "Complete"}, "bgcresult": "CLEAR"}],
        "field60110": [{"documentname": "Passport", "filename": "passport.pdf", "expirydate": "2031-01-01"}],
    }
    person.save()
    page = client.get("/sandbox/icims/").content.decode()
    assert "Compliance and screening on each person (what the hub wrote)" in page
    assert "Credentially: compliance status: Compliant" in page
    assert "person: Complete · CLEAR" in page and "Passport (passport.pdf) expirydate 2031-01-01" in page


def test_certn_form_sets_the_regions_webhook_and_shows_its_signing_secret(client, make_connection):
    from integrations.certn.sandbox.models import Account

    seed("certn")
    conn, _, _ = make_connection("certn", slug="certn-live", region="UK", credentials={"api_key": "k"})
    page = client.get("/sandbox/certn/?connection=certn-live").content.decode()
    assert '<option value="uk" selected>' in page
    uk = Account.objects.get(region="uk")
    assert f"webhook signing secret {uk.webhook_secret}" in page and uk.api_key in page
    client.post("/sandbox/certn/_webhook/", {"account": "uk", "url": conn.webhook_url})
    assert Account.objects.get(region="uk").webhook_url == conn.webhook_url
    client.post("/sandbox/certn/_webhook/remove/", {"target": "uk"})
    assert Account.objects.get(region="uk").webhook_url == ""


def test_credly_form_sets_the_organisations_webhook_url_with_the_token_and_its_events(
    client, make_connection, django_capture_on_commit_callbacks
):
    from integrations.credly.sandbox import EMULATOR
    from integrations.credly.sandbox.models import Organization

    seed("credly")
    conn, _, secret = connection(make_connection, "credly", "credly-live")
    page = client.get("/sandbox/credly/?connection=credly-live").content.decode()
    assert f'value="{conn.webhook_url}?token="' in page  # the admin pastes the secret after it
    page = fill(client, "credly", conn, "", secret)
    assert f'value="{conn.webhook_url}?token={secret}"' in page
    assert 'value="badge.created" checked' in page and 'value="badge.privacy.changed" checked' not in page
    url = f"{conn.webhook_url}?token={secret}"
    page = client.post("/sandbox/credly/_webhook/", {"webhook_url": url, "events": ["badge.created"]}, follow=True)
    org = Organization.objects.get()
    assert (org.webhook_url, org.webhook_events) == (url, ["badge.created"])
    page = page.content.decode()
    assert secret not in page and "?token=•••" in page  # the page lists it without the secret
    assert f"{EMULATOR.oauth_credentials()['client_id']}" not in page
    with django_capture_on_commit_callbacks() as callbacks:  # a ticked event is sent, another is not
        from integrations.credly.sandbox import state

        template = org.templates.filter(state="active").first()
        state.template_update(template, name="Renamed")
    assert callbacks == []


def _basic(header: str) -> str:
    import base64

    return base64.b64decode(header.removeprefix("Basic ")).decode()
