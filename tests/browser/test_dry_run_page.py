"""A Mapping editor dry-runs a flow in a real browser and reads the dry run's page (screenshot
var/screenshots/dry-run.png, shown in docs/dry-runs.md). Skipped without Chromium."""

import pytest

from tests.browser.conftest import CHROMIUM, PASSWORD, log_in, no_horizontal_scroll, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_a_mapping_editor_dry_runs_a_flow_and_reads_what_it_would_write(page, live_hub):
    from django.contrib.auth.models import Group, User

    from integrations.docebo.sandbox.models import ExternalTraining
    from mappings.badges.models import BadgeMapping
    from mappings.badges.services import mapping_save
    from sync.services.runs import flow_row
    from tests.badges.sandbox import action, credly_template_id, settle, wire

    wire()
    privacy = credly_template_id("Data Privacy Essentials")
    action(
        live_hub,
        "credly",
        "issue",
        template=privacy,
        email="omar.haddad@example.com",
        first_name="Omar",
        last_name="Haddad",
    )
    settle(live_hub)
    mapping_save(mapping=BadgeMapping(badge_template_id=privacy, import_as_external_training=True))
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Mapping editors"))
    trainings = ExternalTraining.objects.count()

    log_in(page, "editor", superuser=False)
    page.goto("/admin/sync/flow/")
    page.check(f"input[name=_selected_action][value='{flow_row('badges.credly_to_docebo').pk}']")
    page.select_option("select[name=action]", "dry_run")
    page.click("button[name=index]")
    page.wait_for_selector("text=1 dry run(s) queued")
    page.click(".messagelist a")  # the message links to the run
    for _ in range(60):  # a worker runs it; the page shows where it got to on each load
        if "Succeeded" in page.inner_text("#content"):
            break
        page.wait_for_timeout(500)
        page.reload()
    content = page.inner_text("#content")
    assert "Succeeded" in content and "would POST docebo /learn/v1/external_training" in content
    assert "Data Privacy Essentials" in content
    shot(page, "dry-run")
    assert ExternalTraining.objects.count() == trainings

    page.goto("/admin/sync/run/?dry__exact=1")
    assert page.locator("#result_list tbody tr").count() == 1
    assert no_horizontal_scroll(page)
    shot(page, "dry-run-list")
