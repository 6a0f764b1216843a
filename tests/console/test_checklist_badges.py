"""The Docebo <-> Credly setup checklist: each row's evidence rule."""

import pytest

from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.badges.services import setting_set, template_upsert
from sync.console.checklist import DONE, TODO, WAITING
from sync.console.checklists import badges
from sync.console.evidence import Evidence
from sync.flows.badges.docebo_field import FIELD_LINK
from sync.flows.badges.probes import FIELD, NAME
from sync.services.links import link_save
from tests.console.helpers import checked, received

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_connection):
    credly, _, _ = make_connection("credly", slug="credly-test", credentials={"auth_token": "tok"})
    docebo, _, _ = make_connection("docebo", slug="docebo-test", credentials={"client_id": "c", "client_secret": "s"})
    return credly, docebo


def rows() -> dict:
    return {r.title.split(".")[0]: r for r in badges.rows(Evidence())}


def test_on_an_empty_hub_every_row_is_to_do_with_where_to_start(db):
    found = rows()
    assert [r.state for r in found.values()] == [TODO] * 7
    assert found["1"].fix_url == "/admin/integrations/connection/add/?system=credly"
    assert "Run now" in found["3"].detail


def test_two_enabled_credly_connections_ask_which_one(pair, make_connection):
    make_connection("credly", slug="credly-second")
    assert "name one in the badge setting CREDLY_CONNECTION" in rows()["1"].detail
    setting_set(key="CREDLY_CONNECTION", value="credly-test")
    assert "not proven yet" in rows()["1"].detail


def test_templates_tick_only_once_the_sync_brought_them_from_credly(pair):
    BadgeTemplate.objects.create(credly_id="typed", name="Typed by hand")  # never seen in Credly
    assert rows()["3"].state == TODO
    template_upsert(credly_id="tpl-1", name="Cloud", state="active")
    assert rows()["3"].state == DONE and "1 template(s) from Credly" in rows()["3"].detail


def test_course_field_ticks_on_the_field_syncs_link_and_fails_on_the_check_line(pair):
    _, docebo = pair
    assert rows()["4"].state == TODO
    link_save(
        flow_key="badges.field_to_docebo",
        object_type=FIELD_LINK,
        source_system="crosswalk",
        source_id="credly badge",
        target_system="docebo",
        target_id="17",
        origin="crosswalk",
    )
    assert rows()["4"].state == DONE and "Docebo field id 17" in rows()["4"].detail
    checked(docebo, "failed", [(FIELD, "failed", "Docebo has no course additional field.", "Run the field sync.")])
    assert rows()["4"].state == TODO and "Run the field sync." in rows()["4"].detail


def test_mappings_must_name_an_active_template_brought_in_from_credly(pair):
    credly, _ = pair
    assert rows()["5"].state == TODO  # none yet
    template_upsert(credly_id="tpl-1", name="Cloud", state="active")
    mapping = BadgeMapping.objects.create(badge_template_id="tpl-1", badge_template_name="Cloud", learning_plan_id="4")
    assert rows()["5"].state == DONE
    template_upsert(credly_id="tpl-1", name="Cloud", state="archived")
    assert rows()["5"].state == TODO and "Cloud" in rows()["5"].detail
    template_upsert(credly_id="tpl-1", name="Cloud", state="active")
    checked(
        credly, "failed", [(NAME, "failed", "Badges cannot be issued from these mappings: Cloud: draft.", "Publish.")]
    )
    assert rows()["5"].state == TODO and "draft" in rows()["5"].detail
    mapping.delete()


def test_webhooks_are_not_seen_yet_until_each_system_has_sent_an_event(pair):
    credly, docebo = pair
    found = rows()
    assert (found["6"].state, found["7"].state) == (WAITING, WAITING)
    assert f"{docebo.webhook_url} with Basic authentication (user {docebo.webhook_username}" in found["7"].detail
    received(docebo, "course.enrollment.completed")
    checked(credly, "passed", [("Webhook URL points at this hub", "passed", "with this connection's current secret")])
    found = rows()
    assert (found["6"].state, found["7"].state) == (DONE, DONE)


def test_a_set_up_proven_by_evidence_ticks_every_row(pair):
    for conn in pair:
        checked(conn, "passed")
        received(conn)
    template_upsert(credly_id="tpl-1", name="Cloud", state="active")
    BadgeMapping.objects.create(badge_template_id="tpl-1", badge_template_name="Cloud", learning_plan_id="4")
    link_save(
        flow_key="badges.field_to_docebo",
        object_type=FIELD_LINK,
        source_system="crosswalk",
        source_id="credly badge",
        target_system="docebo",
        target_id="17",
        origin="crosswalk",
    )
    assert [r for r in badges.rows(Evidence()) if not r.done] == []
