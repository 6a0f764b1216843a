"""The Credly sandbox page: a person's actions change state and fire the webhooks Credly would."""

from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import Event, IssuedBadge, Template


def act(client, action: str, **fields):
    return client.post(f"/sandbox/credly/_actions/{action}/", fields, follow=True)


def test_page_shows_templates_badges_and_events(client, seeded):
    page = client.get("/sandbox/credly/")
    assert page.status_code == 200
    assert b"Cloud Foundations Practitioner" in page.content and b"sam.lee@example.com" in page.content


def test_issue_accept_and_revoke_from_the_page(client, seeded, django_capture_on_commit_callbacks):
    EMULATOR.register_hub(url="http://hub.example/hooks/credly-sandbox/?token=t")
    template = Template.objects.get(name="Customer Care Specialist")
    with django_capture_on_commit_callbacks() as callbacks:
        act(client, "issue", template=str(template.pk), email="kim@example.com", first_name="Kim", last_name="Park")
    badge = IssuedBadge.objects.get(recipient_email="kim@example.com")
    assert badge.state == "pending" and len(callbacks) == 2  # badge.created + pending notification
    act(client, "accept", badge=str(badge.pk))
    badge.refresh_from_db()
    assert badge.state == "accepted" and badge.user_id is not None
    act(client, "privacy", badge=str(badge.pk), visibility="private")
    badge.refresh_from_db()
    assert badge.public is False and Event.objects.filter(event_type="badge.privacy.changed").exists()
    act(client, "revoke", badge=str(badge.pk), reason="Issued by mistake")
    badge.refresh_from_db()
    assert (badge.state, badge.revocation_reason) == ("revoked", "Issued by mistake")
    assert Event.objects.filter(event_type="badge.state.changed").count() == 2


def test_refused_action_shows_credlys_message(client, seeded):
    template = Template.objects.get(name="Cloud Foundations Practitioner")
    page = act(client, "delete_template", template=str(template.pk))
    assert b"archive it instead" in page.content
    assert Template.objects.filter(pk=template.pk).exists()


def test_template_lifecycle_from_the_page(client, seeded):
    act(client, "create_template", name="Forklift Operator", description="Warehouse")
    template = Template.objects.get(name="Forklift Operator")
    assert template.state == "active"
    act(client, "rename_template", template=str(template.pk), name="Forklift Operator II")
    act(client, "archive_template", template=str(template.pk))
    template.refresh_from_db()
    assert (template.name, template.state) == ("Forklift Operator II", "archived")
    act(client, "delete_template", template=str(template.pk))
    assert not Template.objects.filter(pk=template.pk).exists()
    types = list(Event.objects.order_by("occurred_at").values_list("event_type", flat=True))
    assert types == [
        "badge_template.created",
        "badge_template.changed",
        "badge_template.changed",
        "badge_template.deleted",
    ]


def test_replace_and_delete_badge_from_the_page(client, seeded):
    old = IssuedBadge.objects.get(recipient_email="sam.lee@example.com", state="pending")
    other = Template.objects.get(name="Workplace Safety Certified")
    act(client, "replace", badge=str(old.pk), template=str(other.pk))
    new = IssuedBadge.objects.get(replaces=old)
    assert new.template == other and new.expires_at is not None
    act(client, "delete_badge", badge=str(new.pk))
    assert not IssuedBadge.objects.filter(pk=new.pk).exists()
