"""Failures in plain words: each kind of error a client raises, our database's and a bug's, worded
for an admin with what to do, and the technical detail kept apart (sync/services/explain.py)."""

import datetime

import pytest
import requests
import responses
import time_machine
from django.db import OperationalError
from django.utils import timezone

from integrations.client import ApiClient, ListingTooLong
from integrations.client.errors import ConnectionPaused
from integrations.models import Connection
from sync.services import explain as ex

BASE = "https://api.example.test"
NOW = datetime.datetime(2026, 11, 30, 19, 30, tzinfo=datetime.UTC)


class VendorClient(ApiClient):
    max_retries = 0


def failure(system: str, **answer) -> Exception:
    """The error the real base client raises for this answer from `system` (mocked at the transport)."""
    client = VendorClient(Connection(system=system, base_url=BASE))
    client.system = system
    with responses.RequestsMock() as http:
        http.get(f"{BASE}/organizations/org-1/badges", **answer)
        with pytest.raises(Exception) as raised:
            client.get_json("/organizations/org-1/badges?page=2")
    return raised.value


@pytest.mark.parametrize(
    ("system", "answer", "what", "fix"),
    [
        ("credly", {"status": 500, "json": {"message": "oops"}}, "Credly answered 500 (a fault on Credly's side)", ""),
        (
            "docebo",
            {"status": 401, "json": {"message": "bad token"}},
            "Docebo refused the credentials (401)",
            "fix the credentials on the Docebo connection",
        ),
        (
            "docebo",
            {"status": 403, "json": {}},
            "Docebo refused the call to /organizations/org-1/badges (403): its API account lacks a permission",
            "give that account the permission in Docebo",
        ),
        (
            "credly",
            {"status": 404, "json": {}},
            "Credly has no such object (GET /organizations/org-1/badges: 404)",
            "it was deleted, or Crosswalk holds a wrong id: check it in Credly",
        ),
        (
            "credly",
            {"status": 422, "json": {"message": "template is archived"}},
            "Credly refused the data (422): “template is archived”",
            "correct what it names",
        ),
        (
            "icims",
            {"status": 400, "json": {"errors": "field9999 unknown"}},
            "iCIMS refused the data (400): “field9999 unknown”",
            "correct what it names",
        ),
        (
            "certn",
            {"status": 409, "json": {"detail": "already ordered"}},
            "Certn refused the change: it clashes with the object's state (409): “already ordered”",
            "look at the object in Certn",
        ),
        (
            "credly",
            {"status": 410, "json": {"message": "gone"}},
            "Credly refused the request (410): “gone”",
            "correct what it names",
        ),
        (
            "credly",
            {"status": 429, "headers": {"Retry-After": "600"}},
            "Credly asked Crosswalk to slow down (429, its rate limit)",
            "",
        ),
        ("credly", {"body": requests.ConnectTimeout()}, "Credly did not answer in time (ConnectTimeout)", ""),
        ("credly", {"body": requests.ConnectionError()}, "Credly could not be reached (ConnectionError)", ""),
    ],
)
def test_each_client_error_is_worded_with_the_system_and_what_to_do(system, answer, what, fix):
    explained = ex.explain(failure(system, **answer))
    assert (explained.what, explained.fix) == (what, fix)


def test_the_technical_detail_keeps_class_call_status_and_answer_apart():
    explained = ex.explain(failure("credly", status=500, json={"message": "oops", "trace": "x1"}))
    detail = explained.detail.splitlines()
    assert detail[0] == "integrations.client.errors.TransientError: GET /organizations/org-1/badges: HTTP 500 oops"
    assert "call: GET /organizations/org-1/badges" in detail and "status: 500" in detail
    assert 'answer: {"message": "oops", "trace": "x1"}' in detail
    assert "HTTP 500" not in explained.what  # the sentence is words; the codes are in the detail


def test_a_passing_fault_says_what_to_check_if_it_lasts_and_is_transient():
    explained = ex.explain(failure("credly", status=503))
    assert explained.transient and explained.lasting == "check Credly's status page"
    assert ex.event_dead(explained, tries=6) == (
        "Credly answered 503 (a fault on Credly's side); failed for good after 6 tries: "
        "check Credly's status page, then replay"
    )


@time_machine.travel(NOW, tick=False)
def test_an_event_says_which_try_comes_next_and_when():
    explained = ex.explain(failure("credly", status=500))
    at = timezone.now() + timezone.timedelta(minutes=10)
    assert ex.event_retrying(explained, next_try=5, max_tries=6, at=at) == (
        "Credly answered 500 (a fault on Credly's side); trying again at 19:40 (try 5 of 6)"
    )
    refused = ex.explain(failure("docebo", status=401))
    assert ex.event_retrying(refused, next_try=2, max_tries=6, at=at + timezone.timedelta(days=1)) == (
        "Docebo refused the credentials (401): fix the credentials on the Docebo connection; "
        "trying again at 1 Dec 19:40 (try 2 of 6)"
    )
    assert (
        refused.final
        == "Docebo refused the credentials (401): fix the credentials on the Docebo connection, then replay"
    )


@time_machine.travel(NOW, tick=False)
def test_a_paused_connection_and_an_outage_of_our_database_wait_without_counting():
    paused = ex.explain(
        ConnectionPaused("calls to this connection are paused: 5 calls failed", retry_after=60, system="certn")
    )
    assert paused.what == "calls to Certn are paused: 5 calls failed" and paused.transient
    at = timezone.now() + timezone.timedelta(seconds=60)
    assert (
        ex.event_waiting(paused, at=at)
        == "Calls to Certn are paused: 5 calls failed; trying again at 19:31 (not counted as a try)"
    )
    database = ex.explain(OperationalError("database is locked"))
    assert database.what == "Crosswalk's database failed (OperationalError)" and database.transient
    assert (
        ex.run_paused(database, until=at)
        == "Paused: Crosswalk's database failed (OperationalError); it goes on by itself at 19:31"
    )


def test_a_bug_is_named_as_one_with_its_traceback_in_the_detail():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        explained = ex.explain(exc)
    assert explained.final == (
        "An unexpected error in Crosswalk (ZeroDivisionError: division by zero): a bug, not the data: tell whoever "
        "maintains Crosswalk (the technical detail is on the page), then replay"
    )
    assert "Traceback" in explained.detail and "1 / 0" in explained.detail


def test_a_stopped_run_counts_what_it_did_not_finish():
    explained = ex.explain(failure("docebo", status=401))
    assert ex.run_stopped(explained, not_finished=37) == (
        "Stopped: Docebo refused the credentials (401): fix the credentials on the Docebo connection; "
        "not finished: 37; run the flow again once it is fixed"
    )


def test_errors_worded_by_a_client_or_a_flow_keep_their_words():
    listing = ex.explain(ListingTooLong("never ends", pages=10_000, path="/users", system="docebo"))
    assert listing.what == "Docebo's listing /users did not end after 10000 pages, so Crosswalk stopped reading it"

    class NotConfigured(Exception):
        plain_words = True

    said = ex.explain(NotConfigured("there is no enabled credly connection: add one under Connections"))
    assert said.final == "There is no enabled credly connection: add one under Connections"


@pytest.mark.parametrize(
    ("message", "step"),
    [
        ("no Docebo user has the e-mail 'x@y.org'", "create the user in Docebo or correct the e-mail"),
        ("Docebo user 51 not found or has no e-mail address", "give the user an e-mail in Docebo"),
        (
            "no certification with code 'CERT-9' in Docebo",
            "create it in Docebo or correct the code in the badge mapping, then replay",
        ),
        (
            "the mapping for certification C1 points at a deleted or inactive badge template",
            "choose an active template in the badge mapping, then replay",
        ),
        (
            "the mapping for learning plan 7 points at badge template Old, which is deleted or inactive",
            "choose an active template in the badge mapping, then replay",
        ),
        (
            "the course's badge choice (option 3) is not an active badge template",
            "choose another badge in the course's field in Docebo",
        ),
        ("no active mapping for badge template tpl-1", "add a badge mapping if it should sync"),
        ("no screening settings for this iCIMS connection", "add Screening settings for it"),
        (
            "Credly does not know this event: the delivery was not genuine",
            "rotate the Credly connection's webhook credentials",
        ),
    ],
)
def test_flow_messages_an_admin_can_act_on_get_what_to_do(message, step):
    worded = ex.with_next_step(message)
    assert worded.startswith(f"{message}: ") and step in worded
    assert ex.with_next_step(worded) == worded  # said once


def test_flow_messages_that_need_nothing_stay_as_they_are():
    for message in ("issued by Crosswalk (its issuer earner id)", "badge state 'rejected': nothing to do"):
        assert ex.with_next_step(message) == message


def test_a_refusal_before_any_call_names_no_system_it_does_not_know():
    from integrations.client.errors import Unauthorized

    explained = ex.explain(Unauthorized("the iCIMS connection has no API username and password (or choose OAuth)"))
    assert explained.final == (
        "The iCIMS connection has no API username and password (or choose OAuth): fix the credentials on its "
        "connection, then replay"
    )
