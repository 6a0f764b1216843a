"""The Certn sandbox refuses what Certn refuses when ordering: applicant data outside a Quickscreen (§2.1)."""

import pytest

from integrations.certn.sandbox.models import Case
from tests.certn.helpers import call, order

pytestmark = pytest.mark.django_db
NAME = {"name": {"given_name": "Amara", "family_name": "Okafor"}}


def test_invite_order_with_the_applicants_name_is_a_validation_error(client, ca, sent):
    """The body the hub sent before: an invite with `input_claims.name`; Certn refuses it."""
    response = order(client, ca, input_claims=NAME)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["code"], e["attr"]) for e in body["errors"]] == [("invalid", "input_claims")]
    assert not Case.objects.exists()


def test_invite_link_order_with_applicant_data_is_refused_too(client, ca, sent):
    response = order(client, ca, send_invite_email=False, return_invite_link=True, input_claims=NAME)
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "input_claims"


def test_quickscreen_needs_input_claims_and_takes_them(client, ca, sent):
    missing = order(client, ca, send_invite_email=False)
    assert missing.status_code == 400
    assert missing.json()["errors"][0] == {
        "code": "required",
        "detail": "This field is required for a Quickscreen order.",
        "attr": "input_claims",
    }
    done = order(client, ca, send_invite_email=False, input_claims=NAME)
    assert done.status_code == 201
    case = Case.objects.get(pk=done.json()["id"])
    assert (case.given_name, case.overall_status, case.invites.count()) == ("Amara", "CASE_ORDERED", 0)


def test_invite_order_without_applicant_data_is_accepted(client, ca, sent):
    assert order(client, ca).status_code == 201


def test_cancel_cancels_an_open_case_once_and_refuses_a_complete_one(client, ca, sent):
    from integrations.certn.sandbox import state

    case = Case.objects.get(pk=order(client, ca).json()["id"])
    answer = call(client, ca, "POST", f"cases/{case.pk}/cancel/")
    assert answer.status_code == 200 and answer.json()["overall_status"] == "CANCELLED"
    events = len(sent)
    assert call(client, ca, "POST", f"cases/{case.pk}/cancel/").json()["overall_status"] == "CANCELLED"
    assert len(sent) == events  # already cancelled: nothing changes, no webhook
    done = state.case_set_status(Case.objects.get(pk=order(client, ca).json()["id"]), "COMPLETE", score="CLEAR")
    refused = call(client, ca, "POST", f"cases/{done.pk}/cancel/")
    assert (
        refused.status_code == 400 and refused.json()["errors"][0]["detail"] == "A complete case cannot be cancelled."
    )
    assert Case.objects.get(pk=done.pk).overall_status == "COMPLETE"
