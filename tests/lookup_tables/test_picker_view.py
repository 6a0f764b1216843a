"""The pickers' JSON view: what the autocomplete reads, for people who may see the tables using it."""

import pytest
from django.contrib.auth.models import User

from tests.lookup_tables.conftest import DOCEBO, PLANS, STATUSES_URL

pytestmark = pytest.mark.django_db


def test_a_mapping_editor_reads_the_learning_plans_matching_what_they_typed(client, editor, systems, http):
    http.get(f"{DOCEBO}/learn/v1/lp", json=PLANS)
    client.force_login(editor)
    answer = client.get("/admin/pickers/docebo_learning_plans/", {"q": "secur"}).json()
    assert answer["results"] == [{"id": "14", "text": "14 (Security Practitioner Path [LP-SEC])"}]
    assert answer["count"] == 2 and answer["problem"] == ""


def test_the_statuses_of_the_connection_chosen_on_the_form_are_listed(client, editor, systems, http):
    http.get(STATUSES_URL, json={"nodes": [{"id": "C2060", "value": "Onboarding"}]})
    client.force_login(editor)
    answer = client.get("/admin/pickers/icims_statuses/", {"connection": systems["icims"].pk}).json()
    assert answer["results"] == [{"id": "C2060", "text": "C2060 (Onboarding)"}]


def test_an_unreachable_system_is_said_in_the_answer(client, editor, systems, http):
    http.get(STATUSES_URL, status=502)
    client.force_login(editor)
    answer = client.get("/admin/pickers/icims_statuses/", {"connection": systems["icims"].pk}).json()
    assert answer["results"] == [] and "iCIMS could not be reached" in answer["problem"]


def test_staff_without_access_to_the_tables_get_no_list(client, systems, http):
    user = User.objects.create_user("clerk", "clerk@example.com", "a-long-password-1", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/pickers/docebo_learning_plans/").status_code == 403
    assert not http.calls


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/admin/pickers/docebo_learning_plans/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_picker_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/admin/pickers/nothing_here/").status_code == 404
