"""The rule every setup checklist shares: a row ticks on evidence (a passed check, a successful call,
an event received), never because a field is filled in; a vendor-side step is "not seen yet"."""

import pytest
import responses
from django.utils import timezone

from integrations.client import ApiClient, NotFound, TransientError, Unauthorized
from sync.console.checklist import DONE, TODO, WAITING, connection_row, received_row
from sync.console.evidence import Evidence
from tests.console.helpers import checked, received

pytestmark = pytest.mark.django_db
BASE = "https://api.vendor.test"


class Client(ApiClient):
    system = "test"
    max_retries = 0


@pytest.fixture
def conn(make_connection):
    conn, _, _ = make_connection("credly", slug="credly-live", base_url=BASE, credentials={"token": "t"})
    return conn


def row(conn):
    return connection_row("Credly connected", conn, Evidence())


def test_a_connection_with_credentials_but_no_evidence_is_not_ticked(conn):
    result = row(conn)
    assert result.state == TODO and "not proven yet" in result.detail
    assert result.fix_url == f"/admin/integrations/connection/{conn.pk}/check/"


def test_a_passed_connection_check_ticks_the_connection(conn):
    checked(conn, "passed", [("Credentials accepted", "passed")])
    assert row(conn).state == DONE and "the connection check passed" in row(conn).detail


def test_a_failed_check_says_which_line_failed_and_links_to_the_checklist(conn):
    checked(conn, "failed", [("Credentials accepted", "failed", "Credly refused the token.", "Paste a new one.")])
    result = row(conn)
    assert result.state == TODO
    assert "failed at 'Credentials accepted': Credly refused the token." in result.detail
    assert result.fix_url.endswith(f"/{conn.pk}/check/")


@responses.activate
def test_a_successful_call_through_the_client_ticks_it_even_after_a_failed_check(conn):
    checked(
        conn, "failed", [("Credentials accepted", "failed", "refused")], at=timezone.now() - timezone.timedelta(hours=1)
    )
    responses.get(f"{BASE}/ok", json={})
    Client(conn).get_json("/ok")
    result = row(conn)
    assert result.state == DONE and "last successful call" in result.detail


@responses.activate
def test_a_refusal_or_an_outage_is_noted_as_the_last_error_but_a_404_is_not(conn):
    responses.get(f"{BASE}/missing", status=404)
    with pytest.raises(NotFound):
        Client(conn).get_json("/missing")
    seen = Evidence().of(conn)
    assert seen.last_error is None and seen.last_ok is None  # an answer, not a success nor a failure
    responses.get(f"{BASE}/down", status=503)
    with pytest.raises(TransientError):
        Client(conn).get_json("/down")
    assert Evidence().of(conn).last_error["status"] == 503
    responses.get(f"{BASE}/refused", status=401)
    with pytest.raises(Unauthorized):
        Client(conn).get_json("/refused")
    error = Evidence().of(conn).last_error
    assert error["status"] == 401 and error["where"] == "GET /refused"
    assert row(conn).state == TODO


def test_missing_credentials_or_a_switched_off_connection_are_to_do(conn):
    checked(conn, "passed")
    assert connection_row("x", conn, Evidence(), missing=["password"]).detail.endswith("missing password.")
    conn.enabled = False
    conn.save()
    assert "switched off" in row(conn).detail and row(conn).state == TODO


def hook(conn, **kwargs):
    return received_row(
        "Credly sends its webhooks here", conn, Evidence(), what_to_do="set the URL in Credly", **kwargs
    )


def test_a_vendor_side_step_is_not_seen_yet_until_an_event_arrives(conn, make_connection):
    other, _, _ = make_connection("credly", slug="credly-other")
    received(other)  # another account's delivery proves nothing about this one
    result = hook(conn)
    assert (result.state, result.detail) == (WAITING, "set the URL in Credly")
    assert str(result).endswith("Not seen yet: set the URL in Credly")
    received(conn, "badge.created")
    result = hook(conn)
    assert result.state == DONE and "(badge.created)" in result.detail
    assert result.fix_url.endswith(f"?connection__id__exact={conn.pk}")


def test_a_check_line_that_read_the_vendor_setting_ticks_or_fails_the_step(conn):
    line = "Webhook URL points at this hub"
    checked(conn, "failed", [(line, "failed", "Credly has no webhook URL.", "Set it.")])
    assert hook(conn, check_line=line).state == TODO
    assert hook(conn, check_line=line).detail == "Credly has no webhook URL. Set it."
    checked(conn, "passed", [(line, "passed", "with this connection's current webhook secret")])
    assert hook(conn, check_line=line).state == DONE


def test_a_skipped_check_line_is_no_evidence(conn):
    checked(conn, "passed", [("Webhook points at this hub", "skipped", "no API to read it")])
    assert hook(conn, check_line="Webhook points at this hub").state == WAITING
