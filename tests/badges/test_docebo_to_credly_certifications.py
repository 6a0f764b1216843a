"""Docebo -> Credly on certifications: awards issue the mapped badge, revocations (with SYNC_REVOCATION),
out-of-order webhooks, awards the hub made from Credly, and updates that replace the badge."""

import pytest
import responses

from integrations.docebo.events import CERTIFICATION_ASSIGNED, CERTIFICATION_UNASSIGNED, CERTIFICATION_UPDATED
from sync.models import Link, Record
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver, load, mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert_mapping(templates, http):
    # the certification's code is read from Docebo's certification list, not taken from the webhook
    http.add(responses.GET, f"{DOCEBO}/learn/v1/certification", json=load("docebo_certifications.json"))
    return mapping(certification_code="CERT-CLOUD")


def test_certification_awarded_issues_the_mapped_badge_with_its_expiry(http, connections, cert_mapping, settings_row):
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_cert3.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    http.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    deliver(connections[1], CERTIFICATION_ASSIGNED, load("certification.user.assigned.json"))
    sent = body(calls(http, "POST", r"/badges$")[0])
    assert sent["expires_at"].startswith("2028-11-20") and sent["issued_at"].startswith("2026-11-20")


def test_certification_revoked_revokes_the_badge_only_with_sync_revocation(
    http, connections, cert_mapping, settings_row
):
    Link.objects.create(
        flow_key="badges.docebo_to_credly",
        object_type="badge",
        source_system="docebo",
        source_id="13021:cert:3:tpl-cloud",
        target_system="credly",
        target_id="badge-new",
        origin="docebo",
    )
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.PUT, f"{CREDLY}/badges/badge-new/revoke", json={"data": {"id": "badge-new"}})
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_empty.json"))
    deliver(connections[1], CERTIFICATION_UNASSIGNED, load("certification.user.unassigned.json"), key="r1")
    assert not calls(http, "PUT", "revoke")
    assert "SYNC_REVOCATION is false" in Record.objects.get(action="revoke_badge").message
    settings_row(SYNC_REVOCATION="true")
    deliver(connections[1], CERTIFICATION_UNASSIGNED, load("certification.user.unassigned.json"), key="r2")
    [put] = calls(http, "PUT", "revoke")
    assert body(put)["reason"]
    assert not Link.objects.filter(object_type="badge").exists()


def test_certification_the_hub_awarded_from_credly_is_not_sent_back(http, connections, cert_mapping, settings_row):
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="certification_award",
        source_system="credly",
        source_id="badge-ext",
        target_system="docebo",
        target_id="3:13021",
        origin="credly",
    )
    deliver(connections[1], CERTIFICATION_ASSIGNED, load("certification.user.assigned.json"))
    assert not calls(http, "POST", "badges")
    assert "awarded by Crosswalk from Credly badge badge-ext" in Record.objects.get().message


def test_certification_award_processed_after_its_revocation_issues_nothing(
    http, connections, cert_mapping, settings_row
):
    """Docebo's webhooks are not ordered: an 'awarded' read after the award was revoked is out of date."""
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_empty.json"))
    deliver(connections[1], CERTIFICATION_ASSIGNED, load("certification.user.assigned.json"))
    assert not calls(http, "POST", "badges")
    assert "no longer holds it" in Record.objects.get(action="issue_badge").message


def test_certification_revocation_processed_after_a_new_award_revokes_nothing(
    http, connections, cert_mapping, settings_row
):
    settings_row(SYNC_REVOCATION="true")
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_cert3.json"))
    deliver(connections[1], CERTIFICATION_UNASSIGNED, load("certification.user.unassigned.json"))
    assert not calls(http, "PUT", "revoke")
    assert "holds it again" in Record.objects.get(action="revoke_badge").message


def _hub_badge_link(target="badge-old"):
    return Link.objects.create(
        flow_key="badges.docebo_to_credly",
        object_type="badge",
        source_system="docebo",
        source_id="13021:cert:3:tpl-cloud",
        target_system="credly",
        target_id=target,
        origin="docebo",
        fingerprint="older dates",
    )


@pytest.fixture
def cert_update(http, connections, cert_mapping, settings_row):
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_cert3.json"))
    return http


def test_certification_updated_replaces_the_badge_with_the_awards_dates(cert_update, connections):
    _hub_badge_link()
    cert_update.add(responses.POST, f"{CREDLY}/badges/badge-old/replace", json={"data": {"id": "badge-replacement"}})
    deliver(connections[1], CERTIFICATION_UPDATED, load("certification.user.assigned.json"))
    [replace] = calls(cert_update, "POST", "replace")
    assert body(replace)["badge_template_id"] == "tpl-cloud" and body(replace)["expires_at"].startswith("2028-11-20")
    assert Link.objects.get(object_type="badge").target_id == "badge-replacement"
    deliver(connections[1], CERTIFICATION_UPDATED, load("certification.user.assigned.json"), key="again")
    assert len(calls(cert_update, "POST", "replace")) == 1  # same dates: nothing to replace


def test_replacing_a_badge_someone_already_replaced_replaces_the_live_one(cert_update, connections):
    _hub_badge_link()
    cert_update.add(
        responses.POST,
        f"{CREDLY}/badges/badge-old/replace",
        status=422,
        json={
            "data": {
                "message": "Validation failed: This badge cannot be replaced because it has already been replaced."
            },
            "metadata": {"current_badge_id": "badge-live"},
        },
    )
    cert_update.add(responses.POST, f"{CREDLY}/badges/badge-live/replace", json={"data": {"id": "badge-newest"}})
    deliver(connections[1], CERTIFICATION_UPDATED, load("certification.user.assigned.json"))
    assert Link.objects.get(object_type="badge").target_id == "badge-newest"
