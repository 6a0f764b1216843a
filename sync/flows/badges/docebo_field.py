"""Lookup table -> Docebo: the course additional field (seed: "Synchronisation from Credly Lookup
table to Docebo LMS" and "Retrieve course additional field from Docebo LMS").

Makes sure the dropdown named by COURSE_ADDITIONAL_FIELD exists and that its options are exactly
the active templates; stores each option's element id and clears those of inactive templates.
The whole option list is written in one PUT (Docebo wants the full list, contract §3.5), so a
sync costs one read when nothing changed and three calls when something did.
"""

import time

from django.core.cache import cache

from integrations.docebo.payloads import course_field_value, field_name, field_options
from mappings.badges import selectors, services
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeTemplate
from sync.flows.badges.common import BadgeClients
from sync.models import Outcome
from sync.services.links import link_get, link_save

FIELD_LINK = "course_field"  # link: Crosswalk setting name -> Docebo field id, written by the field sync
COURSE_CHOICE_CACHE_SECONDS = 30  # how old a course's badge choice may be when a completion is processed


def find_field(client, name: str) -> dict | None:
    wanted = name.strip().lower()
    return next((f for f in client.list_course_fields() if field_name(f).strip().lower() == wanted), None)


def _remember(name: str, field_id) -> None:
    link_save(
        flow_key="badges.field_to_docebo",
        object_type=FIELD_LINK,
        source_system="crosswalk",
        source_id=name.strip().lower(),
        target_system="docebo",
        target_id=str(field_id),
        origin="crosswalk",
    )


def course_field_id(client, name: str) -> str | None:
    """The id of the course field named `name`: stored by the field sync, read from Docebo only when unknown."""
    link = link_get(
        object_type=FIELD_LINK, source_system="crosswalk", source_id=name.strip().lower(), target_system="docebo"
    )
    if link is not None:
        return link.target_id
    found = find_field(client, name)
    if found is None:
        return None
    _remember(name, found["id"])
    return str(found["id"])


def course_choice(client, course_id: int, field_id) -> str | None:
    """The option chosen in the course's badge field, read from Docebo at most once every
    COURSE_CHOICE_CACHE_SECONDS per course (shared by all workers): a class completing the same
    course costs one course read, not one per learner. The completion itself is always read fresh;
    only the course's setting may be that many seconds old (0 reads it for every event)."""
    seconds = COURSE_CHOICE_CACHE_SECONDS
    key = f"docebo:course-choice:{client.connection.pk}:{course_id}:{field_id}"
    if seconds:
        # the read's own time is kept beside it: the age is judged here, not only by the cache's expiry
        known = cache.get(key)
        if known is not None and 0 <= time.time() - known[1] < seconds:
            return known[0] or None
    element = course_field_value(client.get_course(course_id), field_id)
    if seconds:
        cache.set(key, (element or "", time.time()), seconds)
    return element


def sync_field(ctx) -> bool:
    clients = BadgeClients(ctx)
    client, name = clients.docebo, badge_settings().course_additional_field
    active = selectors.active_templates()
    field = find_field(client, name)
    if field is None:
        field = client.create_course_dropdown_field(name=name, options=[t.name for t in active])
        ctx.record(
            source_ref=name,
            action="create_course_field",
            outcome=Outcome.CREATED,
            target_ref=str(field["id"]),
            message=f"dropdown created with {len(active)} option(s)",
        )
    elif field.get("type") not in (None, "dropdown"):
        ctx.record(
            source_ref=name,
            action="check_course_field",
            outcome=Outcome.FAILED,
            message=f"the course field {name!r} exists but is a {field.get('type')}, not a dropdown: "
            "rename it in Docebo or change COURSE_ADDITIONAL_FIELD",
        )
        return False
    _remember(name, field["id"])
    options = field_options(field)
    desired = _desired_options(options, active)
    if _differs(options, desired):
        client.set_course_field_options(field["id"], desired)
        options = field_options(client.get_course_field(field["id"]))
    _store_element_ids(ctx, options, active)
    clients.count_calls()
    return False


def _desired_options(options: list[dict], active: list[BadgeTemplate]) -> list[dict]:
    """One option per active template, keeping the option Docebo already has for it (by id, then
    by label) so courses keep their selection; a renamed template renames its option."""
    by_id = {str(o["id"]): o for o in options}
    by_label = {o["label"].strip().lower(): o for o in options}
    out = []
    for t in active:
        existing = by_id.get(t.dropdown_element_id) or by_label.get(t.name.strip().lower())
        out.append({"id": existing["id"], "label": t.name} if existing else {"label": t.name})
    return out


def _differs(options: list[dict], desired: list[dict]) -> bool:
    have = sorted((str(o["id"]), o["label"]) for o in options)
    want = sorted((str(o.get("id")), o["label"]) for o in desired)
    return have != want


def _store_element_ids(ctx, options: list[dict], active: list[BadgeTemplate]) -> None:
    by_label = {o["label"].strip().lower(): str(o["id"]) for o in options}
    active_ids = {t.pk for t in active}
    for t in active:
        element = by_label.get(t.name.strip().lower(), "")
        if services.template_set_element(template=t, element_id=element):
            ctx.record(
                source_ref=t.credly_id,
                action="store_element_id",
                outcome=Outcome.UPDATED,
                target_ref=element,
                message=f"{t.name}: option {element} in Docebo",
            )
    for t in BadgeTemplate.objects.exclude(pk__in=active_ids).exclude(dropdown_element_id=""):
        services.template_set_element(template=t, element_id="")
        ctx.record(
            source_ref=t.credly_id,
            action="clear_element_id",
            outcome=Outcome.UPDATED,
            message=f"{t.name}: inactive, its option was removed from Docebo",
        )
