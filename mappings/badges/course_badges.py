"""Which badge each Docebo course earns, read from Docebo for the read-only "Course badges" page.

The badge of a course is chosen in Docebo, in the course additional field named by the setting
COURSE_ADDITIONAL_FIELD (a dropdown whose options are the active badge templates, kept by the
flow "Lookup table -> Docebo: course badge field"). Crosswalk only reads it: the course list once
(cached), then each shown course's value where the list does not carry it (one course read each,
cached), so a page of PAGE_SIZE courses costs at most PAGE_SIZE + 2 calls and nothing when cached.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from integrations.client.errors import ClientError
from integrations.docebo.payloads import course_field_value, field_name, listed_field_value
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeTemplate
from mappings.picker_sources import docebo_target
from mappings.pickers import PICKER_TIMEOUT

PAGE_SIZE = 25
MAX_FILTER_READS = 200  # course reads one filtered page may cost (Docebo allows 1,000 calls an hour)


@dataclass(frozen=True)
class CourseBadge:
    course_id: str
    name: str
    code: str
    option_id: str  # "" when the course has no badge chosen
    template: str  # the template's name, or why there is none


@dataclass
class CoursePage:
    rows: list[CourseBadge]
    total: int = 0
    field_name: str = ""
    field_id: str = ""
    problem: str = ""  # why nothing could be read, in plain words
    note: str = ""  # a limit the page met, in plain words


def _client(connection):
    client = connection.client()
    client.max_retries, client.read_timeout = 1, PICKER_TIMEOUT
    return client


def _cached(key: str, read):
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, settings.PICKER_CACHE_SECONDS)
    return value


def _template_name(option_id: str, templates: dict[str, str]) -> str:
    if not option_id:
        return ""
    return templates.get(option_id) or f"option {option_id}: no template has it (run the course badge field sync)"


def course_badges(*, search: str = "", badge: str = "", page: int = 1) -> CoursePage:
    """One page of courses with their badge; `badge` is "yes" (only those with one), "no" or ""."""
    name = badge_settings().course_additional_field
    target = docebo_target()
    if not target.connections:
        return CoursePage([], field_name=name, problem=f"Docebo cannot be read: {target.problem}.")
    connection = target.connections[0]
    client, stamp = _client(connection), f"{connection.pk}:{connection.updated_at.timestamp()}"
    try:
        fields = _cached(f"course-badges:fields:{stamp}", client.list_course_fields)
        field = next((f for f in fields if field_name(f).strip().lower() == name.strip().lower()), None)
        if field is None:
            return CoursePage([], field_name=name, problem=f"Docebo has no course additional field named {name!r}.")
        field_id = str(field["id"])
        courses = _cached(f"course-badges:courses:{stamp}:{field_id}", lambda: _list_courses(client, field_id))
        wanted = [c for c in courses if search.lower() in f"{c[1]} {c[2]} {c[0]}".lower()]
        options = BadgeTemplate.objects.exclude(dropdown_element_id="")
        templates = dict(options.values_list("dropdown_element_id", "name"))
        note = ""
        if badge:  # filtering needs each course's value: read (and cache) them, up to a bound
            if len(wanted) > MAX_FILTER_READS:
                note = f"The filter looked at the first {MAX_FILTER_READS} of {len(wanted)} courses: search to narrow."
            every = [_row(client, stamp, field_id, course, templates) for course in wanted[:MAX_FILTER_READS]]
            rows = [r for r in every if bool(r.option_id) == (badge == "yes")]
            total, rows = len(rows), rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        else:
            shown = wanted[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            total, rows = len(wanted), [_row(client, stamp, field_id, course, templates) for course in shown]
    except ClientError as exc:
        return CoursePage([], field_name=name, problem=f"Docebo could not be read ({exc}). Try again in a moment.")
    return CoursePage(rows, total=total, field_name=name, field_id=field_id, note=note)


def _list_courses(client, field_id: str) -> list[tuple]:
    """(id, name, code, carried, option id) of every course; `carried` False: the list lacks the field."""
    out = []
    for course in client.iter_courses():
        carried, value = listed_field_value(course, field_id)
        course_id = str(course.get("id_course", course.get("id")))
        out.append((course_id, course.get("name") or "", course.get("code") or "", carried, value or ""))
    return out


def _row(client, stamp: str, field_id: str, course: tuple, templates: dict[str, str]) -> CourseBadge:
    course_id, name, code, carried, value = course
    if not carried:
        detail = _cached(f"course-badges:course:{stamp}:{course_id}", lambda: client.get_course(int(course_id)))
        value = course_field_value(detail, field_id) or ""
    return CourseBadge(course_id, name, code, value, _template_name(value, templates))
