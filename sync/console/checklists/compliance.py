"""Setup checklist of ATS (iCIMS) <-> Credentially: both connections proven, stage triggers whose
roles Credentially has, field mapping rows whose iCIMS fields exist, and both systems' notifications
seen arriving (iCIMS's stage changes; Credentially's webhooks, to which the hub subscribes itself)."""

from django.db.models import Max

from integrations.credentially.probes import LATER as CREDENTIALLY_LINES
from mappings.compliance.models import Direction, FieldMapping, StageTrigger
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
from sync.flows.compliance.probes import MAPPED
from sync.flows.compliance.probes_credentially import NAME as ROLES_LINE
from sync.flows.compliance.sync_back import FLOW_KEY as SYNC_BACK
from sync.models import Link, Run

TITLE = "iCIMS <-> Credentially: staff compliance"
SUMMARY = (
    "Creates a staff member in Credentially when a candidate reaches a chosen iCIMS status, then sends their "
    "profile, compliance, documents and checks back to iCIMS through the field mapping."
)
SUBSCRIPTION_LINE = CREDENTIALLY_LINES[5]


def _connections(evidence: Evidence, triggers: list[StageTrigger], system: str, attr: str) -> list:
    """The connections the stage triggers use, else every connection of the system."""
    used = {getattr(t, attr) for t in triggers}
    picked = [evidence.by_pk(pk) for pk in sorted(used)]
    return [c for c in picked if c is not None] or evidence.of_system(system)


def rows(evidence: Evidence) -> list[ChecklistRow]:
    triggers = list(StageTrigger.objects.filter(is_active=True))
    icims = _connections(evidence, triggers, "icims", "ats_connection_id")
    credentially = _connections(evidence, triggers, "credentially", "credentially_connection_id")
    out = _connected("1. iCIMS connected", evidence, icims, "icims")
    out += _connected("2. Credentially connected", evidence, credentially, "credentially")
    out.append(_triggers_row(evidence, triggers, credentially))
    out.append(_mapping_row(evidence, icims))
    for conn in icims or [None]:
        out.append(
            received_row(
                _named("5. iCIMS sends its stage changes here", conn, icims),
                conn,
                evidence,
                what_to_do=f"ask your iCIMS consultant to send the 'Workflow status update' event notification to "
                f"{conn.webhook_url} (Basic, username {conn.webhook_username or '-'}); then move a candidate to a "
                "status in iCIMS."
                if conn
                else "",
            )
        )
    for conn in credentially or [None]:
        out.append(
            received_row(
                _named("6. Credentially sends its webhooks here", conn, credentially),
                conn,
                evidence,
                check_line=SUBSCRIPTION_LINE,
                what_to_do="Crosswalk subscribes itself when the connection's webhook credentials are issued; run the "
                "connection check to read the subscription back, or change a staff member in Credentially.",
            )
        )
    return out


def _named(title: str, conn, conns: list) -> str:
    return f"{title}: {conn.name}" if conn is not None and len(conns) > 1 else title


def _connected(title: str, evidence: Evidence, conns: list, system: str) -> list[ChecklistRow]:
    if not conns:
        return [todo(title, "No connection yet: add it with the account's credentials.", add_connection_url(system))]
    return [connection_row(_named(title, c, conns), c, evidence) for c in conns]


def _triggers_row(evidence: Evidence, triggers: list[StageTrigger], credentially: list) -> ChecklistRow:
    title = "3. Stage triggers: which iCIMS status creates a staff member, with which role"
    url = admin_url("compliance_stagetrigger_changelist")
    if not triggers:
        return todo(title, "No active stage trigger yet: add one (the iCIMS status id and the Credentially role).", url)
    names = "; ".join(str(t) for t in triggers)
    for conn in credentially:
        line = evidence.of(conn).check_line(ROLES_LINE)
        if line is not None and line.get("status") == "failed":
            return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(conn))
        if line is not None and line.get("status") == "passed":
            return done(
                title, f"{names}. The check of {when(evidence.of(conn).check.finished_at)} found each role.", url
            )
    created = Link.objects.filter(object_type="staff", target_system="credentially").aggregate(last=Max("created_at"))
    if created["last"]:
        return done(title, f"{names}. Last staff member created from a stage {when(created['last'])}.", url)
    return todo(
        title,
        f"{names}. Not confirmed yet: run the Credentially connection check (it reads the roles), or move a candidate "
        "to the status.",
        check_url(credentially[0]) if credentially else url,
    )


def _mapping_row(evidence: Evidence, icims: list) -> ChecklistRow:
    title = "4. Field mapping: what goes back to iCIMS, into which fields"
    url = admin_url("compliance_fieldmapping_changelist")
    count = FieldMapping.objects.filter(is_active=True, direction=Direction.TO_ATS).count()
    if not count:
        return todo(title, "No active row sends anything to iCIMS: add rows or switch the standard ones on.", url)
    for conn in icims:
        line = evidence.of(conn).check_line(MAPPED)
        if line is not None and line.get("status") == "failed":
            return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(conn))
        if line is not None and line.get("status") == "passed":
            return done(title, f"{count} active row(s). {line.get('detail', '')}".strip(), url)
    wrote = Run.objects.filter(flow__key=SYNC_BACK, updated__gt=0).aggregate(last=Max("finished_at"))
    if wrote["last"]:
        return done(title, f"{count} active row(s); the sync-back last wrote to iCIMS {when(wrote['last'])}.", url)
    return todo(
        title,
        f"{count} active row(s), not confirmed against iCIMS yet: run the iCIMS connection check (it reads the "
        "fields iCIMS has).",
        check_url(icims[0]) if icims else url,
    )
