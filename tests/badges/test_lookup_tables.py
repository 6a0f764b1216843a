"""The lookup tables: typed settings refused with plain messages, defaults, the mapping form."""

from datetime import date

import pytest

from mappings.badges.admin import BadgeMappingForm, IntegrationSettingForm
from mappings.badges.conf import SettingKey, badge_settings
from mappings.badges.models import BadgeTemplate, IntegrationSetting

pytestmark = pytest.mark.django_db


def test_migration_creates_every_setting_row_with_a_default():
    keys = set(IntegrationSetting.objects.filter(integration="CREDLY").values_list("key", flat=True))
    assert keys == set(SettingKey.values)
    s = badge_settings()
    assert s.sync_revocation is False and s.master == "" and s.default_expiration_days is None
    assert s.batch_sync_start_date == date(2024, 1, 1)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("BATCH_SYNC_START_DATE", "31/01/2024", "year-month-day"),
        ("NOTIFICATION_MAIL_ID", "not an address", "e-mail address"),
        ("SYNC_REVOCATION", "yes", "true or false"),
        ("CREDLY_DEFAULT_EXPIRATION_DAYS", "two years", "whole number of days"),
        ("CREDLY_INTEGRATION_MASTER", "both", "docebo, credly, or leave it blank"),
    ],
)
def test_wrong_setting_value_is_refused_with_a_plain_message(key, value, message):
    row = IntegrationSetting.objects.get(key=key)
    form = IntegrationSettingForm(data={"key": key, "value": value}, instance=row)
    assert not form.is_valid()
    assert message in form.errors["value"][0]


def test_valid_setting_values_are_stored_normalised_and_read_typed():
    for key, value in {
        "SYNC_REVOCATION": "TRUE",
        "CREDLY_DEFAULT_EXPIRATION_DAYS": "365",
        "CREDLY_INTEGRATION_MASTER": "Credly",
        "BATCH_SYNC_START_DATE": "2025-03-01",
    }.items():
        form = IntegrationSettingForm(
            data={"key": key, "value": value}, instance=IntegrationSetting.objects.get(key=key)
        )
        assert form.is_valid(), form.errors
        form.save()
    assert IntegrationSetting.objects.get(key="SYNC_REVOCATION").value == "true"
    s = badge_settings()
    assert (s.sync_revocation, s.default_expiration_days, s.master) == (True, 365, "credly")
    assert s.batch_sync_start_date == date(2025, 3, 1)


def test_setting_form_explains_the_key_in_its_help_text():
    form = IntegrationSettingForm(instance=IntegrationSetting.objects.get(key="CREDLY_INTEGRATION_MASTER"))
    assert "only Docebo -> Credly" in form.fields["value"].help_text


def test_mapping_form_offers_synced_templates_by_name_and_refuses_unknown_ones():
    BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active")
    form = BadgeMappingForm()
    assert ("tpl-cloud", "Cloud Foundations Practitioner") in form.fields["badge_template_id"].choices
    bad = BadgeMappingForm(
        data={"badge_template_id": "tpl-gone", "import_as_external_training": "on", "is_active": "on"}
    )
    assert not bad.is_valid()
    assert "badge_template_id" in bad.errors


def test_mapping_form_saves_the_template_name_and_requires_a_purpose():
    BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active")
    empty = BadgeMappingForm(data={"badge_template_id": "tpl-cloud", "is_active": "on"})
    assert not empty.is_valid()
    assert "does nothing yet" in str(empty.errors)
    form = BadgeMappingForm(data={"badge_template_id": "tpl-cloud", "learning_plan_id": "12", "is_active": "on"})
    assert form.is_valid(), form.errors
    assert form.save().badge_template_name == "Cloud Foundations Practitioner"
