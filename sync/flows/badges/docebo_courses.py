"""Which course carries which badge option, checked course by course (contract §2.2, §3.5).

The batch asks Docebo for the courses carrying each active template's option with the filter
`field_<id>=<option>` on /learn/v1/courses. Docebo documents that filter on /learn/v1/enrollments
only; a tenant that ignores it on courses answers every course to every option, and a map built
from those answers alone sends every course to the last template listed. A dropdown holds one
option per course, so where the filter is honoured the listings never share a course, and where it
is ignored every listing answers the whole catalogue: with two options or more, a course listed
under two proves the filter ignored at no cost. The listings are also checked against the courses'
own values: every item that carries its additional fields, and the first course listed (one course
read). With a single option no overlap can show, so each listed course is read (kept in the run's
checkpoint: a course is read once per run). A filter proved ignored stops the filtered listings,
and every course is listed once and mapped by its own value.
"""

from integrations.docebo.payloads import as_int, course_field_value, listed_field_value
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges.docebo_field import course_field_id

SAVE_EVERY = 25  # course reads between two checkpoint saves: a crash re-reads at most this many
FILTER_IGNORED = "ignored"


class SliceOver(Exception):
    """The slice's time ran out in the middle of the course reads (they are in the checkpoint)."""


class CourseValues:
    """Each course's own option in the badge field, read once per run."""

    def __init__(self, ctx, client, field_id):
        self.ctx, self.client, self.field_id = ctx, client, field_id
        self.known: dict[str, str] = ctx.checkpoint.setdefault("course_values", {})
        self.reads = 0

    def of(self, course: dict) -> tuple[str, str]:
        """(course id, option id or "" for none) of a course as a listing gave it."""
        course_id = str(as_int(course.get("id_course", course.get("id"))))
        if course_id not in self.known:
            carried, value = listed_field_value(course, self.field_id)
            if carried:
                self.known[course_id] = value or ""
            else:
                detail = self.client.get_course(int(course_id))
                self.known[course_id] = course_field_value(detail, self.field_id) or ""
                self._after_read()
        return course_id, self.known[course_id]

    def _after_read(self) -> None:
        # checked after a read, so every slice reads at least one course: the run always moves on
        self.reads += 1
        if self.ctx.should_yield():
            self.ctx.save_checkpoint()
            raise SliceOver
        if self.reads % SAVE_EVERY == 0:
            self.ctx.save_checkpoint()


def course_badges(ctx, clients) -> dict[str, str] | None:
    """Course id -> the option chosen in its badge field, for every template's option (active or not).
    None when the slice's time ran out first (call again in the next slice: reads are kept)."""
    name = badge_settings().course_additional_field
    field_id = course_field_id(clients.docebo, name)
    if field_id is None:
        ctx.skip(
            "the course additional field does not exist yet (the Docebo field sync creates it): "
            "only courses in mapped learning plans are read",
            source_ref=name,
            action="read_course_badges",
        )
        return {}
    # a template with no option in Docebo yet (the field sync gives it one) is on no course; an inactive
    # template's option is listed too, so its courses are recorded as skipped, as the webhooks do
    options = [str(t.dropdown_element_id) for t in selectors.templates_with_option()]
    if not options:
        return {}
    values = CourseValues(ctx, clients.docebo, field_id)
    try:
        if ctx.checkpoint.get("course_filter") != FILTER_IGNORED:
            mapped = _by_filter(clients.docebo, values, field_id, options)
            if mapped is not None:
                return mapped
            ctx.save_checkpoint(course_filter=FILTER_IGNORED)
            ctx.skip(
                "Docebo ignored the course filter (field_<id>=<option>) on the course list: each course's own "
                "badge choice is read instead, one course at a time",
                source_ref=f"field:{field_id}",
                action="read_course_badges",
            )
        return _by_own_value(clients.docebo, values, options)
    except SliceOver:
        return None


def _by_filter(client, values: CourseValues, field_id, options: list[str]) -> dict[str, str] | None:
    """One filtered listing per option; None as soon as a course shows the filter ignored (module doc)."""
    out: dict[str, str] = {}
    listed: list[tuple[dict, str]] = []
    for option in options:
        for course in client.iter_courses_with_option(field_id, option):
            course_id = str(as_int(course.get("id_course", course.get("id"))))
            if course_id in out:  # one dropdown, two options: the listings are not filtered
                return None
            out[course_id] = option
            listed.append((course, option))
    for course, option in _to_check(listed, field_id, every=len(options) < 2):
        if values.of(course)[1] != option:
            return None
    return out


def _to_check(listed: list[tuple[dict, str]], field_id, *, every: bool) -> list[tuple[dict, str]]:
    """The listed courses whose own value is compared with their listing's option."""
    if every:
        return listed
    carried = [(c, o) for c, o in listed if listed_field_value(c, field_id)[0]]  # free: no read
    return listed[:1] + carried


def _by_own_value(client, values: CourseValues, options: list[str]) -> dict[str, str]:
    wanted = set(options)
    out = {}
    for course in client.iter_courses():
        course_id, own = values.of(course)
        if own in wanted:
            out[course_id] = own
    return out
