"""The Credly emulator refuses a second live copy of a badge with a database constraint, as Credly
does, so two issues racing each other cannot both succeed (a read-then-insert check could)."""

from datetime import UTC, datetime

import pytest

from integrations.credly.sandbox import state
from integrations.credly.sandbox.models import IssuedBadge, Organization, TemplateState

pytestmark = pytest.mark.django_db
WHEN = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def org(seeded):
    return Organization.objects.get(pk=seeded[0])


def issue(org, template, email="ann@example.org"):
    return state.badge_issue(
        org, template_id=template.pk, recipient_email=email, first_name="Ann", last_name="Lee", issued_at=WHEN
    )


def active_template(org, *, duplicates: bool):
    return state.template_create(
        org, name=f"Guard test {duplicates}", state=TemplateState.ACTIVE, allow_duplicate_badges=duplicates
    )


def test_a_racing_second_issue_is_refused_by_the_database(org, monkeypatch):
    template = active_template(org, duplicates=False)
    issue(org, template)
    monkeypatch.setattr(state, "_refuse_duplicate", lambda *args, **kwargs: None)  # as if both read "none yet"
    with pytest.raises(state.CredlyApiError, match="already has this badge"):
        issue(org, template, email="ANN@example.org")
    assert IssuedBadge.objects.filter(template=template).count() == 1


def test_after_a_revoke_or_a_replace_the_earner_may_hold_it_again(org):
    template = active_template(org, duplicates=False)
    first = issue(org, template)
    state.badge_set_state(first, "revoked", reason="issued in error")
    second = issue(org, template)
    replacement = state.badge_replace(second, template_id=template.pk, issued_at=WHEN)
    assert replacement.live_guard and IssuedBadge.objects.get(pk=second.pk).live_guard is None


def test_templates_that_allow_duplicates_are_not_guarded(org):
    template = active_template(org, duplicates=True)
    assert issue(org, template).live_guard is None
    assert issue(org, template).live_guard is None
