"""Lookup table -> Docebo: the course additional field (seed: "Synchronisation from Credly Lookup
table to Docebo LMS" and "Retrieve course additional field from Docebo LMS").

Makes sure the dropdown named by COURSE_ADDITIONAL_FIELD exists and that its options are exactly
the active templates; stores each option's element id and clears those of inactive templates.
The whole option list is written in one PUT (Docebo wants the full list, contract §3.5), so a
sync costs one read when nothing changed and three calls when something did.
"""

import hashlib

from django.core.cache import cache

from integrations.docebo.client import COURSE_FIELD_URL
from integrations.docebo.values import field_name, field_options
from mappings.badges import selectors, services
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeTemplate
from sync.flows.badges.common import Clients
from sync.models import Outcome

FIELD_ID_CACHE = "badges:course_field_id:{name}"  # name is hashed below (cache keys allow no spaces)


def _cache_key(name: str) -> str:
    return FIELD_ID_CACHE.format(name=hashlib.sha256(name.strip().lower().encode()).hexdigest()[:16])


def find_field(client, name: str) -> dict | None:
    wanted = name.strip().lower()
    return next((f for f in client.list_course_fields() if field_name(f).strip().lower() == wanted), None)


def course_field_id(client, name: str) -> str | None:
    """The id of the course field named `name` (cached: it changes only if someone recreates it)."""
    key = _cache_key(name)
    field_id = cache.get(key)
    if field_id is None:
        found = find_field(client, name)
        if found is None:
            return None
        field_id = str(found["id"])
        cache.set(key, field_id, 3600)
    return field_id


def sync_field(ctx) -> bool:
    clients = Clients(ctx)
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
    cache.set(_cache_key(name), str(field["id"]), 3600)
    options = field_options(field)
    desired = _desired_options(options, active)
    if _differs(options, desired):
        client.put_json(COURSE_FIELD_URL.format(field_id=field["id"]), {"options": desired})
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
