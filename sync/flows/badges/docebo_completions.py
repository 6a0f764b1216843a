"""Completed enrollments of several courses per call (contract §3.3: `course_id[]` takes many ids).

The batch walks its courses one at a time (each a record, the checkpoint after each), but reading
them one at a time costs a listing per course even when a course has a handful of completions.
So the first course that needs a read brings the next courses that need one along (up to the
client's ids per call), in one listing paged at 200, and each is handed its share as its turn
comes. Only one window is held in memory; a slice that ends mid-window reads the rest again from
the next course, which links make harmless.
"""

from collections.abc import Iterable
from itertools import islice

from integrations.docebo.client import IDS_PER_CALL
from integrations.docebo.payloads import as_int


class CompletionWindow:
    def __init__(self, client, since):
        self.client, self.since = client, since
        self.held: dict[int, list[dict]] = {}

    def of(self, course_id: int, upcoming: Iterable[int]) -> list[dict]:
        """This course's completions; `upcoming` are the courses after it that will need theirs."""
        if course_id not in self.held:
            others = islice((c for c in upcoming if c != course_id), IDS_PER_CALL - 1)
            self._read([course_id, *others])
        return self.held.pop(course_id)

    def _read(self, chunk: list[int]) -> None:
        read: dict[int, list[dict]] = {c: [] for c in chunk}
        for item in self.client.iter_course_enrollments(course_ids=chunk, completed_since=self.since):
            read[as_int(item.get("course_id"))].append(item)
        self.held = read  # whole or not at all: a listing cut short by an error leaves nothing half read
