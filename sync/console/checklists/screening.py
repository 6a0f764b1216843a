"""Setup checklist of iCIMS -> Certn -> iCIMS, following Certn's iCIMS setup guide (its step numbers).

The packages, connections and webhooks tick on evidence (the connection checks, a successful call, an
order placed, a delivery received); the hub's own settings (report URL type, default group, which
status orders which package) tick when set, because the hub holds them itself.
"""

from integrations.certn.probes import PORTAL_WEBHOOKS
from mappings.screening.models import CheckPackage, ReportUrlType, ScreeningSettings, StageOrder
from sync.console.checklist import (
    ChecklistRow,
    add_connection_url,
    admin_url,
    check_url,
    connection_row,
    done,
    not_seen,
    received_row,
    todo,
)
from sync.console.evidence import Evidence
from sync.flows.screening.order import OBJECT_TYPE
from sync.models import Link

TITLE = "iCIMS -> Certn: background checks"
SUMMARY = (
    "Orders a Certn background check when a candidate reaches a chosen iCIMS status, and writes its status, "
    "result and report back to the candidate in iCIMS."
)
PACKAGE_LINES = ("Packages the iCIMS stages order exist in Certn", "Packages for ATS use in Certn")
CERTN_WEBHOOK_LINE = "Certn webhook points at this hub"


def rows(evidence: Evidence) -> list[ChecklistRow]:
    settings = list(ScreeningSettings.objects.select_related("icims_connection", "certn_connection"))
    orders = list(StageOrder.objects.filter(enabled=True, settings__in=settings).select_related("package", "settings"))
    ordered = Link.objects.filter(object_type=OBJECT_TYPE, target_system="certn").exists()
    return [
        _packages_row(evidence, settings, ordered),
        *_icims_rows(evidence, settings),
        *_certn_rows(evidence, settings, orders),
        *_settings_rows(settings),
        _stages_row(settings, orders),
    ]


def _packages_row(evidence: Evidence, settings: list[ScreeningSettings], ordered: bool) -> ChecklistRow:
    title = "1. Packages of checks in Certn, marked for ATS use, entered here with their id"
    packages = list(CheckPackage.objects.filter(for_ats_use=True))
    if not packages:
        return todo(
            title,
            "No package marked for ATS use yet. In Certn: Packages > New Package, switch on 'Mark this package for "
            "ATS use', save, then copy the id from the package's address.",
            admin_url("screening_checkpackage_add"),
        )
    names = "; ".join(f"{p.name} ({p.region}, id {p.certn_package_id})" for p in packages)
    url = admin_url("screening_checkpackage_changelist")
    certn = [s.certn_connection for s in settings] or evidence.of_system("certn")
    lines = [(c, evidence.of(c).check_line(n)) for c in certn for n in PACKAGE_LINES]
    failed = [(c, line) for c, line in lines if line and line.get("status") == "failed"]
    if failed:
        conn, line = failed[0]
        return todo(title, f"{line.get('detail', '')} {line.get('fix', '')}".strip(), check_url(conn))
    if ordered or any(line and line.get("status") == "passed" for _, line in lines):
        proof = "an order was placed" if ordered else "the Certn connection check found them"
        return done(title, f"{names}: {proof}. Give iCIMS these exact names and ids.", url)
    return not_seen(
        title,
        f"{names} are entered here, but Certn has not confirmed them: run the Certn connection check, or order "
        "a check from iCIMS.",
        url,
    )


def _icims_rows(evidence: Evidence, settings: list[ScreeningSettings]) -> list[ChecklistRow]:
    conns = list({s.icims_connection_id: s.icims_connection for s in settings}.values()) or evidence.of_system("icims")
    title = "2. iCIMS connection with the customer id, username and password from your iCIMS consultant"
    hook = "3. iCIMS sends its status changes here"
    if not conns:
        return [
            todo(title, "No iCIMS connection yet.", add_connection_url("icims")),
            todo(hook, "Create the iCIMS connection first."),
        ]
    out = []
    for conn in conns:
        missing = [
            label
            for label, ok in (
                ("customer id", conn.setting("customer_id")),
                ("username", conn.credential("username")),
                ("password", conn.credential("password")),
            )
            if not ok
        ]
        out.append(connection_row(f"{title}: {conn.name}", conn, evidence, missing=missing))
        if not (conn.webhook_secret_set_at or conn.credential("webhook_hmac_key")):
            detail = (
                "No webhook password yet: open the connection and generate one (shown once; share it with iCIMS "
                "securely, e.g. SendSafely)."
            )
            out.append(todo(f"{hook}: {conn.name}", detail, admin_url("integrations_connection_change", conn.pk)))
            continue
        what = (
            f"hand iCIMS the endpoint {conn.webhook_url} (HTTP Basic, username {conn.webhook_username or '-'}), then "
            "move a candidate to a status in iCIMS."
        )
        out.append(received_row(f"{hook}: {conn.name}", conn, evidence, what_to_do=what))
    return out


def _certn_rows(evidence: Evidence, settings: list[ScreeningSettings], orders: list[StageOrder]) -> list[ChecklistRow]:
    regions = sorted({o.package.region for o in orders} | {r for s in settings for r in s.regions_served()})
    out = []
    for region in regions or ["CA"]:
        conns = [
            c for c in evidence.of_system("certn", enabled_only=True) if (c.region or c.spec.default_region) == region
        ]
        title = f"3. Certn {region} connection with an API key and the webhook signing secret"
        hook = f"3. Certn {region} sends its webhooks here"
        if not conns:
            out.append(todo(title, f"No enabled Certn connection in region {region}.", add_connection_url("certn")))
            continue
        conn = conns[0]
        missing = [n for n in ("api_key", "webhook_secret") if not conn.credential(n)]
        out.append(connection_row(title, conn, evidence, missing=missing))
        what = f"{PORTAL_WEBHOOKS} and set the URL to {conn.webhook_url}; then advance a check in Certn."
        out.append(received_row(hook, conn, evidence, check_line=CERTN_WEBHOOK_LINE, what_to_do=what))
    return out


def _settings_rows(settings: list[ScreeningSettings]) -> list[ChecklistRow]:
    if not settings:
        return [
            todo(
                "3. Screening settings: report URL type and default group",
                "No screening settings yet.",
                admin_url("screening_screeningsettings_add"),
            )
        ]
    out = []
    for s in settings:
        url = admin_url("screening_screeningsettings_change", s.pk)
        pdf = s.report_url_type == ReportUrlType.PDF
        stored = not pdf or bool(s.report_file_field.strip())
        shown = s.get_report_url_type_display()
        if pdf:
            shown += (
                f", into iCIMS field {s.report_file_field}"
                if stored
                else ": no report file field, so no PDF is stored (Certn's PDF links expire); set one"
            )
        out.append((done if stored else todo)(f"3. Report URL type: {s}", shown, url))
        groups = [(s.certn_region, s.default_group_id, s.default_group_name)]
        groups += [(o.region, o.default_group_id, o.default_group_name) for o in s.other_regions.all()]
        for region, group_id, group_name in groups:
            title = f"3. Default group: {s} (Certn {region})"
            out.append(
                done(title, f"{group_name or ''} {group_id}".strip(), url)
                if group_id
                else todo(title, "No default group chosen: checks land in the account's main group.", url)
            )
    return out


def _stages_row(settings: list[ScreeningSettings], orders: list[StageOrder]) -> ChecklistRow:
    title = "4. Which iCIMS status orders which package"
    if not orders:
        url = admin_url("screening_screeningsettings_change", settings[0].pk) if settings else ""
        return todo(title, "No stage is mapped to a package yet.", url)
    return done(
        title,
        "; ".join(f"{o.status_name or o.status_id} ({o.status_id}) -> {o.package.name}" for o in orders),
        admin_url("screening_stageorder_changelist"),
    )


def setup_checklist() -> list[ChecklistRow]:
    """The rows for the screening admin's own setup page."""
    return rows(Evidence())
