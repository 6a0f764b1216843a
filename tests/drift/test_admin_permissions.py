"""Who sees the drift report's buttons: Integration admins (sync.run_flow) see Compare, Fix and
Fix all; Mapping editors read the same report with no button, and a forged POST is refused."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from sync.models import Difference, DifferenceStatus, DriftReport
from sync.services.drift import drift_compare_start

pytestmark = pytest.mark.django_db
BUTTONS = [b"Fix all (1)", b">Fix</button>", b"Compare Certn -&gt; iCIMS (screening)"]


def _member_of(group: str) -> User:
    user = User.objects.create_user(group.split()[0].lower(), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def report() -> DriftReport:
    run = drift_compare_start(connector="screening")
    report = DriftReport.objects.create(connector="screening", run=run, finished_at=timezone.now(), compared=1, found=1)
    Difference.objects.create(
        report=report,
        kind="screening_status_differs",
        subject="amara.okafor@example.org (workflow 7)",
        detail="Certn: case c1 is IN_PROGRESS, which iCIMS shows as 'In-Progress Vendor'. iCIMS: 'Complete'.",
        right_side="Certn",
        fix="Write 'In-Progress Vendor' to the iCIMS application",
        data={"link": 1},
    )
    return report


def _pages(client, report) -> bytes:
    change = client.get(f"/admin/sync/driftreport/{report.pk}/change/")
    listing = client.get("/admin/sync/driftreport/")
    assert change.status_code == listing.status_code == 200
    return change.content + listing.content


def test_an_integration_admin_sees_compare_fix_and_fix_all(client, report):
    client.force_login(_member_of("Integration admins"))
    page = _pages(client, report)
    assert all(button in page for button in BUTTONS), [b for b in BUTTONS if b not in page]


def test_a_mapping_editor_reads_the_report_without_any_button_and_cannot_post_a_fix(client, report):
    client.force_login(_member_of("Mapping editors"))
    page = _pages(client, report)
    assert b"amara.okafor@example.org (workflow 7)" in page and b"1 difference(s) in 1 compared" in page
    assert [b for b in BUTTONS if b in page] == []
    assert b"formaction=" not in page
    assert client.post(f"/admin/sync/driftreport/{report.pk}/fix-all/").status_code == 403
    assert client.post(f"/admin/sync/driftreport/{report.pk}/fix/{report.differences.get().pk}/").status_code == 403
    assert client.post("/admin/sync/driftreport/compare/screening/").status_code == 403
    assert report.differences.get().status == DifferenceStatus.OPEN
    listing = client.get("/admin/sync/difference/")
    assert listing.status_code == 200 and b"fix_selected" not in listing.content
