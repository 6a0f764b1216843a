"""The connection check reads iCIMS's status list, whose id is not published (an unconfirmed assumption)."""

import pytest

from integrations.probes import FAILED, PASSED
from mappings.probes import icims_status_list
from tests.lookup_tables.conftest import STATUSES_URL

pytestmark = pytest.mark.django_db


def test_a_tenant_listing_its_statuses_passes_with_examples(systems, http):
    http.get(STATUSES_URL, json={"nodes": [{"id": "C2060", "value": "Onboarding"}]})
    line = icims_status_list(systems["icims"])
    assert line.status == PASSED and "C2060 (Onboarding)" in line.detail


def test_a_tenant_without_that_list_fails_with_what_to_ask_the_consultant(systems, http):
    http.get(STATUSES_URL, status=404, json={"errors": [{"errorMessage": "List not found.", "errorCode": 2}]})
    line = icims_status_list(systems["icims"])
    assert line.status == FAILED and "no list 'lists.applicantworkflow.status'" in line.detail
    assert "'Status list id'" in line.fix


def test_the_list_id_set_on_the_connection_is_the_one_read(systems, http):
    icims = systems["icims"]
    icims.settings = {**icims.settings, "status_list_id": "lists.custom.stages"}
    icims.save()
    http.get(STATUSES_URL.replace("lists.applicantworkflow.status", "lists.custom.stages"), json={"nodes": []})
    line = icims_status_list(icims)
    assert line.status == FAILED and "holds no statuses" in line.detail
