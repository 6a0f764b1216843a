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


def _scoped(admin_client, flow_keys, **fields):
    from sync.services.runs import flow_row

    ids = [flow_row(key).pk for key in flow_keys]
    data = {"action": "run_scoped", "_selected_action": ids, **fields}
    return admin_client.post("/admin/sync/flow/", data, follow=True)


def test_run_for_one_learner_asks_first_then_queues_a_limited_run(admin_client, django_capture_on_commit_callbacks):
    from sync.models import Run

    page = _scoped(admin_client, ["badges.docebo_to_credly"])
    assert b"Run for one learner or course" in page.content and b'name="learner"' in page.content
    assert not Run.objects.exists()  # asking queues nothing
    with django_capture_on_commit_callbacks(execute=False):
        page = _scoped(admin_client, ["badges.docebo_to_credly"], apply="yes", learner="Jane.Doe@example.com")
    [run] = Run.objects.all()
    assert (run.trigger, run.status, run.params) == ("manual", "queued", {"learner": "jane.doe@example.com"})
    assert f"Run #{run.pk} queued".encode() in page.content


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"learner": "jane", "course": ""}, b"Give an e-mail address"),
        ({"learner": "13021", "course": "412"}, b"either a learner or a course"),
        ({"learner": "", "course": ""}, b"either a learner or a course"),
    ],
)
def test_run_for_one_learner_refuses_what_it_cannot_use(admin_client, fields, said):
    from sync.models import Run

    page = _scoped(admin_client, ["badges.docebo_to_credly"], apply="yes", **fields)
    assert said in page.content and not Run.objects.exists()


def test_a_course_is_refused_for_credly_to_docebo_and_flows_without_scopes(admin_client):
    from sync.models import Run

    keys = ["badges.credly_to_docebo", "badges.templates_from_credly"]
    page = _scoped(admin_client, keys, apply="yes", course="412")
    assert b"cannot be limited to a course" in page.content and b"runs for everything only" in page.content
    assert not Run.objects.exists()
