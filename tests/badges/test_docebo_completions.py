"""The enrollment window of the Docebo -> Credly batch (sync/flows/badges/docebo_completions.py)."""

import pytest

from integrations.client import TransientError
from sync.flows.badges.docebo_completions import CompletionWindow


class Listing:
    """Docebo's enrollment listing as the client yields it; `fail_after` items, then an error."""

    def __init__(self, items, fail_after=None):
        self.items, self.fail_after, self.asked = items, fail_after, []

    def iter_course_enrollments(self, *, course_ids, completed_since):
        self.asked.append(list(course_ids))
        for n, item in enumerate(i for i in self.items if i["course_id"] in course_ids):
            if self.fail_after is not None and n == self.fail_after:
                raise TransientError("Docebo answered 502")
            yield item


ITEMS = [{"course_id": c, "user_id": u} for c in (1, 2, 3) for u in (10, 11)]


def test_one_listing_serves_the_courses_after_it():
    client = Listing(ITEMS)
    window = CompletionWindow(client, since=None)
    assert [e["user_id"] for e in window.of(1, [2, 3])] == [10, 11]
    assert len(window.of(2, [3])) == 2 and len(window.of(3, [])) == 2
    assert client.asked == [[1, 2, 3]]


def test_a_listing_cut_short_leaves_nothing_half_read():
    client = Listing(ITEMS, fail_after=3)
    window = CompletionWindow(client, since=None)
    with pytest.raises(TransientError):
        window.of(1, [2, 3])
    client.fail_after = None  # Docebo answers again: the course is read whole
    assert len(window.of(2, [3])) == 2
    assert client.asked == [[1, 2, 3], [2, 3]]
