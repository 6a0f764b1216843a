"""The home dashboard: each connection's health in words, the events that need an eye (each a link
to the filtered list), runs per day, the flows switched off, and a bounded number of queries."""

import pytest
import responses
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integrations.client import ApiClient, TransientError
from sync.console.dashboard import dashboard
from sync.models import EventStatus, RunStatus
from sync.services.runs import flow_row
from tests.console.helpers import checked, ran, received

pytestmark = pytest.mark.django_db
BASE = "https://api.vendor.test"


class Client(ApiClient):
    system = "test"
    max_retries = 0


@pytest.fixture
def boss(db):
    return User.objects.create_superuser("boss", "boss@example.org", "pw")


@pytest.fixture
def credly(make_connection):
    conn, _, _ = make_connection("credly", slug="credly-live", name="Credly live", base_url=BASE)
    return conn


def card(user, name="Credly live"):
    return next(c for c in dashboard(user=user)["connections"] if c["name"] == name)


@responses.activate
def test_a_failing_connection_says_what_failed_in_words_with_the_detail_one_click_away(boss, credly):
    responses.get(f"{BASE}/badges", status=500, json={"message": "boom"})
    with pytest.raises(TransientError):
        Client(credly).get_json("/badges")
    found = card(boss)
    assert (found["css"], found["headline"]) == ("bad", "Failing: the last call failed")
    assert (
        found["error"]["words"]
        == "Credly answered 500, a fault on Credly's side: events and runs are retried by themselves."
    )
    assert found["error"]["technical"] == "TransientError: GET /badges: boom"
    responses.get(f"{BASE}/ok", json={})
    Client(credly).get_json("/ok")
    found = card(boss)
    assert found["css"] == "ok" and found["error"]["resolved"] and found["last_ok"]


@responses.activate
def test_an_open_circuit_breaker_shows_the_pause_and_its_reason(boss, credly, settings):
    settings.CIRCUIT_BREAKER_FAILURES = 2
    responses.get(f"{BASE}/x", status=503)
    for _ in range(2):
        with pytest.raises(TransientError):
            Client(credly).get_json("/x")
    found = card(boss)
    assert found["css"] == "bad"
    assert found["headline"].startswith("Calls paused until ") and "2 calls in a row failed" in found["headline"]


def test_the_last_check_is_shown_with_its_first_problem_and_a_link_to_its_checklist(boss, credly):
    assert card(boss)["headline"] == "Not proven yet: run its check"
    checked(
        credly,
        "failed",
        [("Credentials accepted", "failed", "refused"), ("Token expiry", "failed", "The token expired on 2024-01-01.")],
    )
    found = card(boss)
    assert found["css"] == "warn" and found["check"]["problem"] == "Credentials accepted"
    assert found["check_url"] == f"/admin/integrations/connection/{credly.pk}/check/"
    assert found["token"].startswith("The token expired on 2024-01-01 (checked ")


@responses.activate
def test_an_oauth_token_shows_until_when_it_is_valid(boss, make_connection):
    docebo, _, _ = make_connection(
        "docebo",
        slug="docebo-live",
        name="Docebo live",
        base_url=BASE,
        credentials={"client_id": "c", "client_secret": "s"},
    )
    responses.post(f"{BASE}/oauth2/token", json={"access_token": "tok", "expires_in": 3600})
    responses.get(f"{BASE}/manage/v1/user/7", json={"data": {"user_id": 7}})
    docebo.client().get_user(7)
    assert card(boss, "Docebo live")["token"].startswith(
        "OAuth token renewed by Crosswalk; the current one is valid until "
    )


def test_event_tiles_count_by_status_and_link_to_the_filtered_list(boss, credly, admin_client):
    for status in ("received", "processing", "retrying", "dead", "dead", "held", "succeeded"):
        received(credly, status=status)
    tiles = {t["label"]: t for t in dashboard(user=boss)["events"]}
    assert {k: t["count"] for k, t in tiles.items()} == {"Waiting": 2, "Retrying": 1, "Failed for good": 2, "Held": 1}
    for label, count in (("Waiting", 2), ("Failed for good", 2), ("Retrying", 1)):
        listed = admin_client.get(tiles[label]["url"])
        assert listed.status_code == 200 and listed.context["cl"].result_count == count, label
    dead = card(boss)["dead"]
    assert dead["count"] == 2 and admin_client.get(dead["url"]).context["cl"].result_count == 2


def test_runs_per_day_count_the_last_14_days_and_each_bar_opens_its_days_runs(boss, admin_client):
    now = timezone.now().replace(hour=12, minute=0)
    with time_machine.travel(now, tick=False):
        for status in (
            RunStatus.SUCCEEDED,
            RunStatus.SUCCEEDED,
            RunStatus.FAILED,
            RunStatus.ERRORED,
            RunStatus.RUNNING,
        ):
            ran("badges.docebo_to_credly", status, at=now)
        ran("badges.docebo_to_credly", RunStatus.SUCCEEDED, at=now - timezone.timedelta(days=3))
        ran("badges.docebo_to_credly", RunStatus.SUCCEEDED, at=now - timezone.timedelta(days=20))  # too old
        chart = dashboard(user=boss)["runs"]
    bars = chart["bars"]
    assert len(bars) == 14 and (chart["succeeded"], chart["failed"]) == (3, 2)
    assert (bars[-1]["succeeded"], bars[-1]["failed"], bars[-4]["succeeded"]) == (2, 2, 1)
    assert bars[-1]["ok_h"] + bars[-1]["bad_h"] == 120 and bars[-4]["ok_h"] == 30
    assert admin_client.get(bars[-1]["url"]).context["cl"].result_count == 5  # the running one too
    assert admin_client.get(bars[-1]["failed_url"]).context["cl"].result_count == 2


def test_flows_switched_off_are_listed_with_a_link(boss):
    row = flow_row("badges.field_to_docebo")
    row.enabled = False
    row.save()
    off = dashboard(user=boss)["flows_off"]
    assert {"name": row.name, "url": f"/admin/sync/flow/{row.pk}/change/"}.items() <= off[0].items()


def test_the_sandbox_is_linked_only_when_it_is_on(boss, settings):
    settings.SANDBOX_ENABLED = False
    assert dashboard(user=boss)["sandbox_url"] == ""
    settings.SANDBOX_ENABLED = True
    assert dashboard(user=boss)["sandbox_url"] == "/sandbox/"
    titles = [link["title"] for link in dashboard(user=boss)["start"]]
    assert titles[0] == "Getting started" and len(titles) == 4


def test_a_user_sees_only_what_their_permissions_allow(credly, client):
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_inboundevent"))
    seen = dashboard(user=User.objects.get(pk=editor.pk))
    assert "events" in seen and not {"connections", "runs", "flows_off"} & set(seen)
    client.force_login(editor)
    page = client.get("/admin/")
    assert page.status_code == 200 and b"Events that need an eye" in page.content and b"Credly live" not in page.content


@pytest.mark.parametrize(
    ("role", "parts"),
    [
        ("Integration admins", {"connections", "events", "runs", "flows_off"}),
        ("Mapping editors", {"events", "runs", "flows_off"}),
    ],
)
def test_each_role_sees_its_part_of_the_dashboard(role, parts, credly):
    from django.contrib.auth.models import Group

    member = User.objects.create_user(f"member-{len(role)}", password="pw", is_staff=True)
    member.groups.add(Group.objects.get(name=role))
    seen = dashboard(user=User.objects.get(pk=member.pk))
    assert {"connections", "events", "runs", "flows_off"} & set(seen) == parts


def _fill(make_connection, count: int, offset: int = 0):
    for i in range(offset, offset + count):
        conn, _, _ = make_connection("credly", slug=f"credly-{i}")
        checked(conn, "failed" if i % 2 else "passed", [("Credentials accepted", "failed" if i % 2 else "passed")])
        received(conn, status=EventStatus.DEAD)
        received(conn, status=EventStatus.SUCCEEDED)
        ran("badges.docebo_to_credly", RunStatus.SUCCEEDED)


def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    boss, make_connection, admin_client, django_assert_max_num_queries
):
    _fill(make_connection, 2)
    with CaptureQueriesContext(db) as few:
        dashboard(user=boss)
    _fill(make_connection, 10, offset=2)
    with CaptureQueriesContext(db) as many:
        assert len(dashboard(user=boss)["connections"]) == 12
    assert len(few) == len(many) == 5  # connections, their last checks, event counts, runs, flows
    with django_assert_max_num_queries(8):  # + the session, the user and the recent actions
        assert admin_client.get("/admin/").status_code == 200
