"""The pickers' sources: what each system lists (through its client) and which connection to ask.

Which connection: the badge connector's Docebo connection is the one its settings name (else the
only enabled one, as the flows choose it); an iCIMS, Credentially or Certn field asks the
connection chosen on the same form (the ATS connection, the Credentially organisation, the
package's region) and, when the form leaves it open, every enabled connection of that system.
"""

from integrations.models import Connection
from mappings.badges.conf import badge_settings
from mappings.pickers import Choice, Source, Target, register


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# --- which connection ----------------------------------------------------------------------------
def docebo_target(params: dict | None = None) -> Target:
    """The badge connector's Docebo connection, as the flows pick it (sync/flows/badges/common.py)."""
    slug = badge_settings().docebo_connection
    enabled = Connection.objects.filter(system="docebo", enabled=True)
    if slug:
        conn = enabled.filter(slug=slug).first()
        return Target([conn]) if conn else Target(problem=f"the Docebo connection {slug!r} is missing or off")
    found = list(enabled[:2])
    if not found:
        return Target(problem="there is no enabled Docebo connection")
    if len(found) > 1:
        return Target(problem="several Docebo connections are enabled: name one in the badge setting DOCEBO_CONNECTION")
    return Target(found)


def connection_target(system: str):
    """The connection given as `connection` (a pk or a Connection), else every enabled one of `system`."""

    def target(params: dict | None = None) -> Target:
        chosen = (params or {}).get("connection")
        if isinstance(chosen, Connection):
            return Target([chosen]) if chosen.system == system else Target(problem=f"{chosen} is not {system}")
        if chosen:
            conn = Connection.objects.filter(system=system, pk=str(chosen)).first() if str(chosen).isdigit() else None
            return Target([conn]) if conn else Target(problem=f"connection {chosen} is not a {system} connection")
        found = list(Connection.objects.filter(system=system, enabled=True))
        return Target(found) if found else Target(problem=f"there is no enabled {system} connection")

    return target


def certn_target(params: dict | None = None) -> Target:
    """The enabled Certn connections of the package's region (a package can only be ordered there)."""
    region = _text((params or {}).get("region")).upper()
    if not region:
        return connection_target("certn")(params)
    found = [
        c
        for c in Connection.objects.filter(system="certn", enabled=True)
        if (c.region or c.spec.default_region).upper() == region
    ]
    return Target(found) if found else Target(problem=f"there is no enabled Certn connection in region {region}")


# --- what each system lists ----------------------------------------------------------------------
def learning_plans(client) -> list[Choice]:
    out = []
    for plan in client.iter_learning_plans(return_courses=False):
        code = _text(plan.get("code"))
        out.append(Choice(_text(plan.get("id")), _text(plan.get("name")) + (f" [{code}]" if code else "")))
    return [c for c in out if c.value]


def certifications(client) -> list[Choice]:
    return [Choice(_text(c.get("code")), _text(c.get("title"))) for c in client.iter_certifications() if c.get("code")]


def courses(client) -> list[Choice]:
    out = []
    for c in client.iter_courses():
        course_id = _text(c.get("id_course", c.get("id")))
        code = _text(c.get("code"))
        out.append(Choice(course_id, _text(c.get("name")) + (f" [{code}]" if code else "")))
    return out


def person_fields(client) -> list[Choice]:
    return [Choice(f["id"], _text(f.get("label"))) for f in client.list_fields("people")]


def statuses(client) -> list[Choice]:
    return [Choice(s["id"], s["label"]) for s in client.list_statuses()]


def packages(client) -> list[Choice]:
    out = []
    for p in client.list_packages():
        ats = p.get("use_in_ats", p.get("for_ats_use"))
        label = _text(p.get("name")) + (" (not marked for ATS use)" if ats is False else "")
        out.append(Choice(_text(p.get("id")), label))
    return out


def roles(client) -> list[Choice]:
    return [Choice(_text(r.get("name")), _text(r.get("description"))) for r in client.list_roles() if r.get("name")]


DOCEBO_LEARNING_PLANS = register(
    Source(
        "docebo_learning_plans", "docebo", "learning plan", "learning plans", learning_plans, docebo_target,
        ("badges.view_badgemapping",), "Docebo lists them under Admin Menu > Learning Plans (the ID column).",
    )
)  # fmt: skip
DOCEBO_CERTIFICATIONS = register(
    Source(
        "docebo_certifications", "docebo", "certification", "certifications", certifications, docebo_target,
        ("badges.view_badgemapping",), "Docebo lists them under Admin Menu > Certifications (the Code column).",
    )
)  # fmt: skip
DOCEBO_COURSES = register(
    Source(
        "docebo_courses", "docebo", "course", "courses", courses, docebo_target,
        ("badges.view_badgemapping", "badges.view_badgetemplate"), "Docebo lists them under Admin Menu > Courses.",
    )
)  # fmt: skip
ICIMS_PERSON_FIELDS = register(
    Source(
        "icims_person_fields", "icims", "person field", "person fields", person_fields, connection_target("icims"),
        ("compliance.view_fieldmapping", "screening.view_screeningsettings"),
        "Custom fields are added by your iCIMS consultant; the list comes from iCIMS's Schema API.",
    )
)  # fmt: skip
ICIMS_STATUSES = register(
    Source(
        "icims_statuses", "icims", "status", "statuses", statuses, connection_target("icims"),
        ("compliance.view_stagetrigger", "screening.view_stageorder", "screening.view_screeningsettings"),
        "Statuses are set up in iCIMS by your iCIMS consultant.",
    )
)  # fmt: skip
CERTN_PACKAGES = register(
    Source(
        "certn_packages", "certn", "package", "packages", packages, certn_target,
        ("screening.view_checkpackage",), "Packages are made in Certn (Packages); the id is in the package's address.",
    )
)  # fmt: skip
CREDENTIALLY_ROLES = register(
    Source(
        "credentially_roles", "credentially", "role", "roles", roles, connection_target("credentially"),
        ("compliance.view_stagetrigger",), "Roles are set up in Credentially (Settings > Roles).",
    )
)  # fmt: skip
