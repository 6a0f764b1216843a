"""The benchmark seeder: many completions fast, and read back at 200 a page in the expected calls."""

import time
from datetime import date

from integrations.docebo.client import DoceboClient
from integrations.docebo.sandbox import EMULATOR
from integrations.docebo.sandbox.models import Course, Enrollment
from tests.docebo.adapter import in_process_session


def test_ten_thousand_completions_seed_in_seconds_and_read_back_in_51_calls(make_connection):
    EMULATOR.seed()
    started = time.monotonic()
    EMULATOR.seed_bulk(courses=100, learners=100, completions=10_000, completed_on=date(2026, 11, 1))
    seconds = time.monotonic() - started
    assert seconds < 15, f"bulk seed took {seconds:.1f}s"  # ~1 s idle, ~3.5 s on a loaded CI box
    assert Enrollment.objects.filter(completed_at__date=date(2026, 11, 1)).count() == 10_000

    conn, _, _ = make_connection(system="docebo", base_url=EMULATOR.base_url(), credentials=EMULATOR.credentials())
    client = DoceboClient(conn, session=in_process_session())
    course_ids = list(Course.objects.filter(name__startswith="Bulk course").values_list("pk", flat=True))
    found = list(client.iter_course_enrollments(course_ids=course_ids, completed_since=date(2026, 11, 1)))
    assert len(found) == 10_000
    assert len({(e["user_id"], e["course_id"]) for e in found}) == 10_000
    assert client.calls == 1 + 10_000 // 200  # one token, then 50 full pages
