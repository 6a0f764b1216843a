"""The compliance mirror as a Mapping editor sees it: viewable, not editable, a sync still queueable."""

import pytest
from django.contrib.auth.models import User

from sync.permissions import MAPPING_EDITORS
from sync.services.roles import role_member_add

pytestmark = pytest.mark.django_db


def test_a_mapping_editor_sees_the_mirror_read_only(client, staff):
    editor = User.objects.create_user("ed", password="pw-123456789")
    role_member_add(user=editor, role=MAPPING_EDITORS)
    client.force_login(editor)

    listing = client.get("/admin/compliance/staffrecord/")
    assert listing.status_code == 200
    assert 'value="sync_now"' in listing.content.decode()  # queueing a sync edits nothing by hand
    page = client.get(f"/admin/compliance/staffrecord/{staff.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(f"/admin/compliance/staffrecord/{staff.pk}/delete/").status_code == 403
    assert client.get("/admin/compliance/atscallday/").status_code == 200
    assert client.get("/admin/compliance/fieldmapping/add/").status_code == 200
