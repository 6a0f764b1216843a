""" "Forget this person" in the admin: the staff members' action and the page by e-mail both confirm first."""

import pytest
from django.contrib.auth.models import Group, User

from sync.models import Erasure

pytestmark = pytest.mark.django_db
EMAIL = "amara.okafor@example.org"
STAFF_LIST = "/admin/compliance/staffrecord/"
FORGET_PAGE = "/admin/sync/erasure/forget/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def member_of(group: str) -> User:
    user = User.objects.create_user(group.split()[0].lower(), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(member_of("Integration admins"))
    return client


def test_staff_action_shows_a_confirmation_page_before_erasing(staff, admin_client):
    page = admin_client.post(STAFF_LIST, {"action": "forget", "_selected_action": [staff.pk]})

    assert page.status_code == 200
    assert EMAIL in page.content.decode() and "Amara Okafor" in page.content.decode()
    assert b"Not erased:</strong> their data in the connected systems" in page.content
    assert not Erasure.objects.exists() and staff.__class__.objects.filter(pk=staff.pk).exists()


def test_confirmed_staff_action_queues_the_erasure_and_a_worker_erases(
    staff, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            STAFF_LIST, {"action": "forget", "_selected_action": [staff.pk], "confirmed": "yes"}, follow=True
        )

    assert "Queued the erasure of 1 person(s)" in answer.content.decode()
    erasure = Erasure.objects.get()
    assert (erasure.status, erasure.via, erasure.requested_by_name) == ("done", "admin", "integration")
    assert not staff.__class__.objects.filter(pk=staff.pk).exists()


def test_forget_by_email_asks_then_confirms_then_queues(staff, admin_client, django_capture_on_commit_callbacks):
    assert b"Forget a person by e-mail" in admin_client.get("/admin/sync/erasure/").content
    assert admin_client.get(FORGET_PAGE).status_code == 200

    confirm = admin_client.post(FORGET_PAGE, {"email": EMAIL.upper()})
    assert "Amara Okafor" in confirm.content.decode() and not Erasure.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(FORGET_PAGE, {"email": EMAIL, "confirmed": "yes"})
    assert done.status_code == 302 and Erasure.objects.get().status == "done"
    found = admin_client.get("/admin/sync/erasure/", {"q": EMAIL})  # found again by the hash of the e-mail
    assert 'data-actions-icnt="1"' in found.content.decode()
    assert (
        'id="result_list"' not in admin_client.get("/admin/sync/erasure/", {"q": "other@example.org"}).content.decode()
    )
    assert EMAIL not in found.content.decode().replace(f'value="{EMAIL}"', "")


def test_mapping_editors_cannot_forget_anyone(staff, client):
    client.force_login(member_of("Mapping editors"))

    assert client.get(FORGET_PAGE).status_code == 403
    staff_list = client.get(STAFF_LIST).content.decode()
    assert 'value="sync_now"' in staff_list and 'value="forget"' not in staff_list
    client.post(STAFF_LIST, {"action": "forget", "_selected_action": [staff.pk], "confirmed": "yes"})
    assert not Erasure.objects.exists()
