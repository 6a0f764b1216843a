"""Credly -> lookup table: badge templates (seed: "Synchronisation from Credly to Lookup table"
and its real-time twin). Archived templates are turned off, deleted ones removed with their
mappings turned off and one e-mail to NOTIFICATION_MAIL_ID; duplicate names keep the first."""

from integrations.credly.events import BADGE_TEMPLATE_DELETED
from mappings.badges import services
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeTemplate
from sync.flows.badges.common import BadgeClients, fetch_credly_event
from sync.models import Outcome

FIELD_SYNC_FLOW = "badges.field_to_docebo"
OUTCOMES = {"created": Outcome.CREATED, "updated": Outcome.UPDATED, "unchanged": Outcome.UNCHANGED}


def sync_all(ctx) -> bool:
    """Batch: read every template in Credly, upsert each, remove the ones Credly no longer has."""
    clients = BadgeClients(ctx)
    seen_ids, seen_names = set(), {}
    for item in clients.credly.list_badge_templates():
        ctx.read()
        seen_ids.add(item["id"])
        name = (item.get("name") or "").strip()
        if name.lower() in seen_names:
            ctx.skip(
                f"duplicate name {name!r}: template {seen_names[name.lower()]} already has it and is kept",
                source_ref=item["id"],
                action="sync_template",
            )
            continue
        seen_names[name.lower()] = item["id"]
        _upsert(ctx, item)
    gone = list(BadgeTemplate.objects.exclude(credly_id__in=seen_ids).values_list("credly_id", flat=True))
    _delete(ctx, gone)
    clients.count_calls()
    _after_sync(ctx)
    return False


def on_event(ctx, event) -> None:
    """Real time: badge_template.changed / .deleted. The event is fetched from Credly first,
    which also proves the delivery genuine."""
    clients = BadgeClients(ctx)
    detail = fetch_credly_event(ctx, clients, event)
    if detail is None:
        return
    template = detail.get("badge_template") or {}
    ctx.read()
    if event.event_type == BADGE_TEMPLATE_DELETED:
        _delete(ctx, [template["id"]])
    else:
        _upsert_unique(ctx, template)
    clients.count_calls()
    _after_sync(ctx)


def _upsert_unique(ctx, item: dict) -> None:
    name = (item.get("name") or "").strip()
    clash = BadgeTemplate.objects.filter(name__iexact=name).exclude(credly_id=item["id"]).first()
    if clash is not None:
        ctx.skip(
            f"duplicate name {name!r}: template {clash.credly_id} already has it and is kept",
            source_ref=item["id"],
            action="sync_template",
        )
        return
    _upsert(ctx, item)


def _upsert(ctx, item: dict) -> None:
    row, result = services.template_upsert(
        credly_id=item["id"], name=(item.get("name") or "").strip(), state=item.get("state") or "active"
    )
    note = "" if row.is_active else f"inactive (Credly state: {row.state})"
    ctx.record(
        source_ref=item["id"],
        action="sync_template",
        outcome=OUTCOMES[result],
        target_ref=str(row.pk),
        message=f"{row.name} {note}".strip(),
    )


def _delete(ctx, credly_ids: list[str]) -> None:
    if not credly_ids:
        return
    lines = []
    for credly_id in credly_ids:
        name, mappings = services.template_delete(credly_id=credly_id)
        ctx.record(
            source_ref=credly_id,
            action="delete_template",
            outcome=Outcome.DELETED,
            message=f"{name}: deleted in Credly; {len(mappings)} mapping(s) turned off",
        )
        lines.append(
            f"{name} ({credly_id}): {len(mappings)} mapping(s) turned off" + "".join(f"\n    - {m}" for m in mappings)
        )
    recipient = badge_settings().notification_mail_id
    if recipient:
        ctx.notify(
            recipient=recipient,
            subject="Crosswalk: Credly badge templates deleted, mappings turned off",
            line="Badge templates deleted in Credly and removed from the lookup table:\n  " + "\n  ".join(lines),
        )


def _after_sync(ctx) -> None:
    """The seed runs the table -> Docebo field sync after each template sync."""
    from sync.services.runs import FlowNotRunnable, run_request

    try:  # a field sync already under way runs once more when it ends, so it sees these templates
        run_request(flow_key=FIELD_SYNC_FLOW, trigger="manual", params={"after": ctx.definition.key})
    except FlowNotRunnable as exc:
        ctx.skip(
            f"the Docebo field sync was not started: {exc}", source_ref="docebo-field", action="enqueue_field_sync"
        )
