"""The lookup tables' admin pages: lists searchable and filterable, templates not typed in."""

import pytest

from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_lookup_table_lists_search_and_filter(admin_client, templates):
    BadgeMapping.objects.create(
        badge_template_id="tpl-cloud", badge_template_name="Cloud Foundations Practitioner", learning_plan_id="12"
    )
    for url in (
        "/admin/badges/integrationsetting/?q=MASTER&key__exact=CREDLY_INTEGRATION_MASTER",
        "/admin/badges/badgetemplate/?q=Cloud&is_active__exact=1",
        "/admin/badges/badgemapping/?q=Cloud&is_active__exact=1",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert b"0 results" not in page.content, url


def test_templates_cannot_be_added_by_hand_and_only_is_active_is_editable(admin_client, templates):
    assert admin_client.get("/admin/badges/badgetemplate/add/").status_code == 403
    cloud = templates[0]
    page = admin_client.get(f"/admin/badges/badgetemplate/{cloud.pk}/change/")
    assert page.status_code == 200
    assert b'name="is_active"' in page.content and b'name="name"' not in page.content


def test_setting_change_page_shows_the_keys_meaning_and_refuses_a_wrong_value(admin_client):
    row = IntegrationSetting.objects.get(key="SYNC_REVOCATION")
    url = f"/admin/badges/integrationsetting/{row.pk}/change/"
    assert b"badges are never revoked from Docebo" in admin_client.get(url).content
    answer = admin_client.post(url, {"value": "maybe"})
    assert answer.status_code == 200 and b"Write true or false." in answer.content
    row.refresh_from_db()
    assert row.value == "false"


def test_mapping_change_page_offers_templates_by_name(admin_client, templates):
    page = admin_client.get("/admin/badges/badgemapping/add/")
    assert b"Cloud Path Graduate" in page.content
    answer = admin_client.post(
        "/admin/badges/badgemapping/add/",
        {"badge_template_id": "tpl-path", "learning_plan_id": "12", "is_active": "on"},
    )
    assert answer.status_code == 302
    assert BadgeMapping.objects.get().badge_template_name == "Cloud Path Graduate"
    assert BadgeTemplate.objects.count() == 2
