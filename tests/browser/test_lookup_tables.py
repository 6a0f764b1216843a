"""Lookup tables edited like a sheet, in a real browser against the live hub and the sandbox:
CSV import (a bad row saves nothing), a value map as rows, and a learning plan from the picker.

Skipped when Chromium is not installed (CI installs it; see .ci/run).
"""

import re

import pytest

from tests.browser.conftest import CHROMIUM, PASSWORD, log_in, no_horizontal_scroll, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]
HEADER = "ats_connection,status,status_label,credentially_connection,role_name,group_name,send_invite_email,is_active"


def mapping_editor():
    """A Mapping editor (the roles are granted again: a transactional test empties the tables)."""
    from django.contrib.auth.models import User

    from sync.permissions import MAPPING_EDITORS
    from sync.services.roles import role_member_add, roles_grant

    roles_grant()
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD)
    role_member_add(user=user, role=MAPPING_EDITORS)
    return user


def upload(page, csv: str, tmp_path, name: str) -> None:
    path = tmp_path / name
    path.write_text(csv)
    page.goto("/admin/compliance/stagetrigger/import/")
    page.set_input_files("input[name=import_file]", str(path))
    if page.locator("select[name=format]").count():  # one format (CSV): no choice is offered
        page.select_option("select[name=format]", label="csv")
    page.click("input[type=submit][value=Submit]")


def test_a_csv_with_one_bad_row_saves_nothing_then_a_good_file_imports(page, tmp_path):
    from demo import credentially, icims
    from integrations.credentially.sandbox import EMULATOR as CREDENTIALLY
    from mappings.compliance.models import StageTrigger

    CREDENTIALLY.seed()
    ats, cred = icims.seed(), credentially.seed()
    mapping_editor()
    log_in(page, "editor", superuser=False)
    good = f"{ats.slug},C2060,Onboarding,{cred.slug},Registered Nurse,,1,1"
    bad = f"{ats.slug},C9999,Typo,{cred.slug},Registered Nurse,,1,1"
    upload(page, "\n".join([HEADER, good, bad]) + "\n", tmp_path, "triggers-bad.csv")
    error = page.locator(".validation-error-list li li", has_text="has no status 'C9999'")
    error.wait_for(state="attached")
    assert "Nearest:" in error.inner_text() or "e.g." in error.inner_text()
    assert page.locator("input[name=confirm]").count() == 0
    shot(page, "lookup-import-bad-row")
    assert no_horizontal_scroll(page)
    assert StageTrigger.objects.count() == 0

    also = f"{ats.slug},C2070,Hired,{cred.slug},Doctor,,0,1"
    upload(page, "\n".join([HEADER, good, also]) + "\n", tmp_path, "triggers-good.csv")
    page.wait_for_selector("input[name=confirm]")
    assert page.locator("table.import-preview").inner_text().count("New") >= 2
    shot(page, "lookup-import-preview")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert "2 new" in page.inner_text(".messagelist")
    shot(page, "lookup-import-done")
    assert sorted(StageTrigger.objects.values_list("status", "role_name")) == [
        ("C2060", "Registered Nurse"),
        ("C2070", "Doctor"),
    ]


def test_a_value_map_is_edited_as_rows(page):
    from mappings.compliance.models import FieldMapping

    row = FieldMapping.objects.create(
        credentially_field="complianceStatus",
        ats_field="credentiallycompliancestatus",
        is_custom=True,
        transform="value_map",
        transform_options={"map": {"COMPLIANT": "Compliant", "NOT_COMPLIANT": "Not compliant"}},
    )
    log_in(page)
    page.goto(f"/admin/compliance/fieldmapping/{row.pk}/change/")
    rows = page.locator(".value-map-row")
    assert rows.nth(0).locator("input[name=value_map_from]").input_value() == "COMPLIANT"
    rows.nth(1).locator(".value-map-remove").click()  # NOT_COMPLIANT goes
    rows.nth(0).locator("input[name=value_map_to]").fill("Cleared")
    page.click(".value-map-add")
    added = page.locator(".value-map-row").last
    added.locator("input[name=value_map_from]").fill("EXPIRED")
    added.locator("input[name=value_map_to]").fill("Expired")
    page.fill("#id_value_default", "Pending")
    assert no_horizontal_scroll(page)
    shot(page, "lookup-value-map-rows")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    row.refresh_from_db()
    assert row.transform_options == {"map": {"COMPLIANT": "Cleared", "EXPIRED": "Expired"}, "default": "Pending"}
    shown = page.locator(".value-map-row input[name=value_map_from]")
    # PostgreSQL's jsonb keeps keys shortest first, so the rows' order follows the database
    assert {shown.nth(i).input_value() for i in range(shown.count())} >= {"COMPLIANT", "EXPIRED"}


def test_a_learning_plan_is_chosen_from_the_picker_and_one_docebo_lacks_is_refused(page):
    from demo import docebo
    from integrations.docebo.sandbox.models import LearningPlan
    from mappings.badges.models import BadgeMapping, BadgeTemplate

    docebo.seed()
    BadgeTemplate.objects.create(credly_id="tpl-path", name="Cloud Path Graduate", state="active")
    plan = LearningPlan.objects.get(code="LP-CLOUD")
    log_in(page)
    page.goto("/admin/badges/badgemapping/add/")
    page.select_option("#id_badge_template_id", label="Cloud Path Graduate")
    page.click("#id_learning_plan_id")
    page.wait_for_selector(".picker-status:has-text('learning plans listed')")
    options = page.eval_on_selector_all("#id_learning_plan_id-choices option", "os => os.map(o => [o.value, o.label])")
    assert [str(plan.pk), f"{plan.pk} (Cloud Foundations Path [LP-CLOUD])"] in options
    shot(page, "lookup-picker-learning-plans")

    page.fill("#id_learning_plan_id", "99")
    page.click("input[name=_save]")
    error = page.locator(".errorlist", has_text="has no learning plan '99'")
    error.wait_for()
    assert "Cloud Foundations Path" in error.inner_text()
    shot(page, "lookup-picker-refused")
    assert not BadgeMapping.objects.exists()

    page.fill("#id_learning_plan_id", "secur")  # typing narrows the list
    page.wait_for_function("document.querySelectorAll('#id_learning_plan_id-choices option').length === 1")
    chosen = page.eval_on_selector("#id_learning_plan_id-choices option", "o => o.value")
    page.fill("#id_learning_plan_id", chosen)  # what choosing the suggestion puts in the field
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    saved = BadgeMapping.objects.get()
    assert saved.learning_plan_id == str(LearningPlan.objects.get(code="LP-SEC").pk)
    assert re.search(r"Cloud Path Graduate", page.inner_text("#result_list"))
