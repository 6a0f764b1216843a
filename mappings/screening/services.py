"""Selectors of the screening lookup tables, and the setup checklist shown in the admin."""

from dataclasses import dataclass

from django.urls import reverse

from integrations.models import Connection
from mappings.screening.models import CertnGroup, CheckPackage, ReportUrlType, ScreeningSettings


def settings_for_icims(*, connection: Connection) -> ScreeningSettings | None:
    return (
        ScreeningSettings.objects.select_related("certn_connection", "icims_connection")
        .filter(icims_connection=connection)
        .first()
    )


def failure_recipient() -> str:
    return (
        ScreeningSettings.objects.exclude(notification_email="").values_list("notification_email", flat=True).first()
        or ""
    )


def groups_refresh(*, connection: Connection) -> int:
    """Read the Certn account's groups into CertnGroup (so the admin can pick one); returns how many."""
    seen = []
    for group in connection.client().list_groups():
        CertnGroup.objects.update_or_create(
            certn_connection=connection,
            group_id=group["id"],
            defaults={
                "short_id": group.get("short_id") or "",
                "name": group.get("name") or group["id"],
                "is_active": bool(group.get("is_active", True)),
            },
        )
        seen.append(str(group["id"]))
    CertnGroup.objects.filter(certn_connection=connection).exclude(group_id__in=seen).delete()
    return len(seen)


def group_choices(*, connection: Connection | None) -> list[tuple[str, str]]:
    groups = CertnGroup.objects.filter(is_active=True)
    if connection is not None:
        groups = groups.filter(certn_connection=connection)
    return [(str(g.group_id), f"{g.name} ({g.short_id or g.group_id})") for g in groups]


@dataclass(frozen=True)
class SetupStep:
    title: str
    done: bool
    detail: str
    fix_url: str = ""


def _admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def setup_checklist() -> list[SetupStep]:
    """The steps of Certn's iCIMS setup guide, each ticked or saying what is missing."""
    packages = list(CheckPackage.objects.filter(for_ats_use=True))
    settings = list(ScreeningSettings.objects.select_related("icims_connection", "certn_connection"))
    return [
        _packages_step(packages),
        *_icims_steps(settings),
        *_certn_steps(settings),
        *_settings_steps(settings),
        _stages_step(settings),
    ]


def _packages_step(packages: list[CheckPackage]) -> SetupStep:
    title = "1. Packages of checks in Certn, marked for ATS use, entered here with their id"
    if not packages:
        return SetupStep(
            title,
            False,
            "No package marked for ATS use yet. In Certn: Packages > New Package, switch "
            "on 'Mark this package for ATS use', save, then copy the id from the package's address.",
            _admin("screening_checkpackage_add"),
        )
    names = "; ".join(f"{p.name} ({p.region}, id {p.certn_package_id})" for p in packages)
    return SetupStep(
        title,
        True,
        f"Ready to order: {names}. Give iCIMS these exact names and ids.",
        _admin("screening_checkpackage_changelist"),
    )


def _icims_steps(settings: list[ScreeningSettings]) -> list[SetupStep]:
    conns = [s.icims_connection for s in settings] or list(Connection.objects.filter(system="icims"))
    title = "2. iCIMS connection with the customer id, username and password from your iCIMS consultant"
    if not conns:
        return [
            SetupStep(title, False, "No iCIMS connection yet.", _admin("integrations_connection_add")),
            SetupStep(
                "3. Webhook username and password generated and handed to iCIMS",
                False,
                "Create the iCIMS connection first.",
            ),
        ]
    steps = []
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
        url = _admin("integrations_connection_change", conn.pk)
        steps.append(
            SetupStep(
                f"{title}: {conn.name}",
                not missing,
                f"Missing: {', '.join(missing)}." if missing else "Customer id and credentials set.",
                url,
            )
        )
        hook = f"Endpoint for iCIMS: {conn.webhook_url} (HTTP Basic, username {conn.webhook_username or '-'})."
        steps.append(
            SetupStep(
                f"3. Webhook username and password generated and handed to iCIMS: {conn.name}",
                conn.webhook_secret_set_at is not None,
                hook
                if conn.webhook_secret_set_at
                else "Not generated yet: open the connection and generate them "
                "(the password is shown once; share it with iCIMS securely, e.g. SendSafely).",
                url,
            )
        )
    return steps


def _certn_steps(settings: list[ScreeningSettings]) -> list[SetupStep]:
    regions = sorted(
        {o.package.region for s in settings for o in s.stage_orders.select_related("package")}
        | {region for s in settings for region in s.regions_served()}
    )
    steps = []
    for region in regions or ["CA"]:
        conns = [
            c
            for c in Connection.objects.filter(system="certn", enabled=True)
            if (c.region or c.spec.default_region) == region
        ]
        title = f"3. Certn {region} connection with an API key and the webhook signing secret"
        if not conns:
            steps.append(
                SetupStep(
                    title,
                    False,
                    f"No enabled Certn connection in region {region}.",
                    _admin("integrations_connection_add"),
                )
            )
            continue
        conn = conns[0]
        missing = [n for n in ("api_key", "webhook_secret") if not conn.credential(n)]
        detail = (
            f"Missing: {', '.join(missing)}."
            if missing
            else f"Set. In Certn (Integrations > Webhooks) the URL is {conn.webhook_url}"
        )
        steps.append(SetupStep(title, not missing, detail, _admin("integrations_connection_change", conn.pk)))
    return steps


def _settings_steps(settings: list[ScreeningSettings]) -> list[SetupStep]:
    if not settings:
        return [
            SetupStep(
                "3. Screening settings: report URL type and default group",
                False,
                "No screening settings yet.",
                _admin("screening_screeningsettings_add"),
            )
        ]
    steps = []
    for s in settings:
        url = _admin("screening_screeningsettings_change", s.pk)
        pdf = s.report_url_type == ReportUrlType.PDF
        stored = not pdf or bool(s.report_file_field.strip())
        shown = s.get_report_url_type_display()
        if pdf:
            shown += (
                f", into iCIMS field {s.report_file_field}"
                if stored
                else ": no report file field, so no PDF is stored (Certn's PDF links expire); set one"
            )
        steps.append(SetupStep(f"3. Report URL type: {s}", stored, shown, url))
        groups = [(s.certn_region, s.default_group_id, s.default_group_name)]
        groups += [(o.region, o.default_group_id, o.default_group_name) for o in s.other_regions.all()]
        for region, group_id, group_name in groups:
            steps.append(
                SetupStep(
                    f"3. Default group: {s} (Certn {region})",
                    bool(group_id),
                    f"{group_name or ''} {group_id}".strip()
                    if group_id
                    else "No default group chosen: checks land in the account's main group.",
                    url,
                )
            )
    return steps


def _stages_step(settings: list[ScreeningSettings]) -> SetupStep:
    orders = [o for s in settings for o in s.stage_orders.select_related("package").filter(enabled=True)]
    title = "4. Which iCIMS status orders which package"
    if not orders:
        url = _admin("screening_screeningsettings_change", settings[0].pk) if settings else ""
        return SetupStep(title, False, "No stage is mapped to a package yet.", url)
    return SetupStep(
        title,
        True,
        "; ".join(f"{o.status_name or o.status_id} ({o.status_id}) -> {o.package.name}" for o in orders),
        _admin("screening_stageorder_changelist"),
    )
