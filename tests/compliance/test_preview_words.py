"""The field-mapping preview says why it is empty, and a row blank on both sides is no change."""

import pytest

from sync.flows.compliance.services import PreviewRow

PREVIEW = "/admin/compliance/fieldmapping/preview/"


def row(value, current) -> PreviewRow:
    return PreviewRow(mapping=None, object="profile", source=None, value=value, current=current, draft=False)


@pytest.mark.parametrize("value, current", [(None, ""), ("", None), ([], None), (None, {}), ("", "")])
def test_a_row_blank_on_both_sides_changes_nothing(value, current):
    assert row(value, current).differs is False


@pytest.mark.parametrize("value, current", [("Compliant", ""), (None, "Compliant"), ("0", None), (0, "")])
def test_a_row_with_a_value_on_one_side_changes(value, current):
    assert row(value, current).differs is True


@pytest.mark.django_db
def test_the_preview_before_anyone_reached_a_trigger_stage_says_why_and_what_to_do(admin_client):
    page = admin_client.get(PREVIEW).content.decode()

    assert "No one to preview yet" in page
    assert "once a candidate reaches a status named in the" in page
    assert 'href="/admin/compliance/stagetrigger/add/"' in page  # none active: add one first
    assert 'href="/sandbox/icims/"' in page  # the sandbox is on in the tests


@pytest.mark.django_db
def test_the_preview_with_a_trigger_but_nobody_yet_skips_the_first_step(admin_client, connections):
    from mappings.compliance.models import StageTrigger

    icims, cred = connections
    StageTrigger.objects.get_or_create(
        ats_connection=icims, status="C2060", credentially_connection=cred, defaults={"role_name": "Nurse"}
    )
    page = admin_client.get(PREVIEW).content.decode()
    assert "No one to preview yet" in page and "no active one exists" not in page


@pytest.mark.django_db
def test_the_preview_with_a_person_does_not_explain_itself(admin_client, staff):
    assert "No one to preview yet" not in admin_client.get(PREVIEW).content.decode()
