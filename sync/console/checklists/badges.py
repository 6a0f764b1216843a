"""Setup checklist of Docebo <-> Credly badges: both connections proven, templates brought in from
Credly, the course field made in Docebo, mappings naming live templates, and both systems' webhooks
seen arriving."""

from django.db.models import Count, Max, Q

from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeMapping, BadgeTemplate
from sync.console.checklist import (
    ChecklistRow,
    add_connection_url,
    admin_url,
    check_url,
    connection_row,
    done,
    received_row,
    todo,
)
from sync.console.evidence import Evidence, when
from sync.flows.badges.docebo_field import FIELD_LINK
from sync.flows.badges.flows import FIELD, TEMPLATES
from sync.flows.badges.probes import FIELD as FIELD_LINE
from sync.flows.badges.probes import NAME as MAPPINGS_LINE
from sync.models import Flow, Link

TITLE = "Docebo <-> Credly: badges"
SUMMARY = (
    "Issues a Credly badge when a learner completes a course, a learning plan or a certification in Docebo, "
    "and brings Credly badges back into Docebo as external training and certifications."
)


def pick(evidence: Evidence, system: str, slug: str):
    """The connection the badge flows use (as `connection_for` picks it), or None and why not."""
    enabled = evidence.of_system(system, enabled_only=True)
    if slug:
        found = [c for c in enabled if c.slug == slug]
        return (found[0], "") if found else (None, f"the connection {slug!r} named in the badge settings is missing")
    if len(enabled) > 1:
        return None, f"several are enabled: name one in the badge setting {system.upper()}_CONNECTION"
    return (enabled[0], "") if enabled else (None, "")


def _connected(title: str, evidence: Evidence, system: str, slug: str) -> ChecklistRow:
    conn, why = pick(evidence, system, slug)
    if why:
        return todo(title, f"Not clear which connection: {why}.", admin_url("badges_integrationsetting_changelist"))
    if conn is None:
        return todo(
            title, "No enabled connection yet: add one with the account's credentials.", add_connection_url(system)
        )
    return connection_row(title, conn, evidence)


def _flow_url(flows: dict, key: str) -> str:
    row = flows.get(key)
    return admin_url("sync_flow_change", row.pk) if row else admin_url("sync_flow_changelist")


def rows(evidence: Evidence) -> list[ChecklistRow]:
    settings = badge_settings()
    credly, _ = pick(evidence, "credly", settings.credly_connection)
    docebo, _ = pick(evidence, "docebo", settings.docebo_connection)
    flows = {f.key: f for f in Flow.objects.filter(key__startswith="badges.")}
    templates = BadgeTemplate.objects.aggregate(
        synced=Count("pk", filter=Q(synced_at__isnull=False)),
        active=Count("pk", filter=Q(is_active=True)),
        with_option=Count("pk", filter=Q(is_active=True) & ~Q(dropdown_element_id="")),
        last=Max("synced_at"),
    )
    return [
        _connected("1. Credly connected", evidence, "credly", settings.credly_connection),
        _connected("2. Docebo connected", evidence, "docebo", settings.docebo_connection),
        _templates_row(templates, flows),
        _field_row(evidence, docebo, settings.course_additional_field, templates, flows),
        _mappings_row(evidence, credly),
        received_row(
            "6. Credly sends its webhooks here",
            credly,
            evidence,
            check_line="Webhook URL points at this hub",
            what_to_do=f"in Credly, open your organisation's Developers page > Webhooks and set the URL to "
            f"{credly.webhook_url}?token= followed by this connection's webhook secret; then issue a badge in Credly."
            if credly
            else "",
        ),
        received_row(
            "7. Docebo sends its webhooks here",
            docebo,
            evidence,
            what_to_do=f"in Docebo, Admin Menu > Webhooks, add a webhook to {docebo.webhook_url} with Basic "
            f"authentication (user {docebo.webhook_username or '-'} and this connection's webhook secret) for "
            "course.enrollment.completed, learningplan.enrollment.completed and the certification.user events; "
            "then complete a course in Docebo."
            if docebo
            else "",
        ),
    ]


def _templates_row(templates: dict, flows: dict) -> ChecklistRow:
    title = "3. Badge templates brought in from Credly"
    url = _flow_url(flows, TEMPLATES.key)
    if not templates["synced"]:
        return todo(
            title,
            f"The templates table is empty. Open the flow '{TEMPLATES.name}' and press Run now (it also runs daily "
            "and on Credly's template events).",
            url,
        )
    detail = f"{templates['synced']} template(s) from Credly, {templates['active']} active; last sync saw them "
    return done(title, detail + when(templates["last"]) + ".", admin_url("badges_badgetemplate_changelist"))


def _field_row(evidence: Evidence, docebo, name: str, templates: dict, flows: dict) -> ChecklistRow:
    title = f"4. Course additional field {name!r} created in Docebo"
    run_it = (
        f"Switch on the flow '{FIELD.name}' and press Run now: it creates the dropdown with one option per "
        "active template."
    )
    line = evidence.of(docebo).check_line(FIELD_LINE) if docebo else None
    if line is not None and line.get("status") == "failed":
        return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(docebo))
    link = Link.objects.filter(
        object_type=FIELD_LINK, source_system="crosswalk", source_id=name.strip().lower(), target_system="docebo"
    ).first()
    options = f"{templates['with_option']} of {templates['active']} active template(s) have their option."
    if link is not None:
        return done(title, f"Docebo field id {link.target_id}; {options}", _flow_url(flows, FIELD.key))
    if line is not None and line.get("status") == "passed":
        return done(title, f"{line.get('detail', '')} {options}".strip(), check_url(docebo))
    return todo(title, f"Not made yet. {run_it}", _flow_url(flows, FIELD.key))


def _mappings_row(evidence: Evidence, credly) -> ChecklistRow:
    title = "5. Badge mappings name active templates"
    url = admin_url("badges_badgemapping_changelist")
    mappings = list(BadgeMapping.objects.filter(is_active=True).values_list("badge_template_name", "badge_template_id"))
    if not mappings:
        return todo(
            title,
            "No active mapping yet. Course badges need none (they are chosen in Docebo's course field); add one "
            "per learning plan, certification or badge to import as external training.",
            url,
        )
    line = evidence.of(credly).check_line(MAPPINGS_LINE) if credly else None
    if line is not None and line.get("status") == "failed":
        return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(credly))
    live = set(
        BadgeTemplate.objects.filter(is_active=True, synced_at__isnull=False).values_list("credly_id", flat=True)
    )
    stale = sorted({name or tid for name, tid in mappings if tid not in live})
    if stale:
        return todo(
            title,
            f"These mappings name a template Credly no longer has active (as last synced): {', '.join(stale)}. "
            "Point them at another template or turn them off.",
            url,
        )
    if line is not None and line.get("status") == "passed":
        return done(title, f"{len(mappings)} mapping(s); the connection check confirmed them in Credly.", url)
    return done(title, f"{len(mappings)} mapping(s), each naming an active template brought in from Credly.", url)
