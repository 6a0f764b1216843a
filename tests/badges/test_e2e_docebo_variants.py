"""End-to-end badge stories under the Docebo emulator's variants (a platform ignoring the course
filter or the external-training user filter), and the connection check of the demo Docebo
connection: no line fails in the default platform, and in each variant exactly its line fails."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.badges import test_e2e_stories as stories
from tests.badges.sandbox import wire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VARIANT_LINES = {
    None: None,
    "ignores_course_filter": "Docebo honours the course filter",
    "ignores_user_filter": "Docebo honours the external-training user filter",
}


@pytest.fixture(params=list(VARIANT_LINES), ids=["default", *[v for v in VARIANT_LINES if v]])
def docebo_variant(request, sandbox_variant):
    if request.param:
        sandbox_variant("docebo", request.param)
    return request.param


def test_completions_issue_each_badge_once(live_hub, docebo_variant):
    stories.test_course_and_learning_plan_completions_issue_each_badge_once(live_hub)


def test_credly_badge_becomes_training_and_award(live_hub, docebo_variant):
    stories.test_badge_issued_in_credly_becomes_external_training_and_certification_award(live_hub)


def test_check_connection_on_the_demo_docebo_connection(live_hub, docebo_variant):
    from integrations.docebo.sandbox.models import ExternalTraining, User

    wire()
    for user in User.objects.all()[:2]:  # records of two learners, so the user filter has something to sort
        ExternalTraining.objects.create(user=user, course_name="Outside course", to_date="2026-01-01")
    out = StringIO()
    expected_failure = VARIANT_LINES[docebo_variant]
    if expected_failure:
        with pytest.raises(SystemExit) as exited:
            call_command("check_connection", "docebo-sandbox", "--json", stdout=out)
        assert exited.value.code == 1
    else:
        call_command("check_connection", "docebo-sandbox", "--json", stdout=out)
    checks = {line["name"]: line for line in json.loads(out.getvalue())["checks"]}
    failing = [name for name, line in checks.items() if line["status"] == "failed"]
    assert failing == ([expected_failure] if expected_failure else []), checks
    assert checks["Badge course field exists in Docebo"]["status"] == "passed"
    assert checks["Webhook points at this hub"]["status"] == "skipped"
    if expected_failure:
        assert checks[expected_failure]["fix"]
