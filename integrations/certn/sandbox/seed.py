"""Seeding the Certn sandbox: one account per region, a demo package and group in each, the clock.

Also points a region's account at the hub (its webhook URL) and starts the challenge handshake.
"""

import secrets

from django.db import transaction

from integrations.certn.sandbox import state
from integrations.certn.sandbox.models import Account, Group, Package

REGIONS = {"ca": "Certn Canada", "uk": "Certn UK", "au": "Certn Australia", "sandbox": "Certn Sandbox"}
DEMO_PACKAGE = {
    "name": "Standard - Criminal + ID (iCIMS)",
    "description": "Identity verification and a basic criminal record check, ordered from iCIMS.",
    "tags": ["icims", "post-offer"],
    "checks": ["IDENTITY_VERIFICATION_1", "CRIMINAL_RECORD_REPORT_1"],
}
# Packages the iCIMS sandbox's jobs choose: its 'BGCheck Package' list holds nodes of these names.
JOB_PACKAGES = [
    {
        "name": "Healthcare Standard",
        "description": "Identity, criminal record and credit checks for clinical roles, chosen on the job in iCIMS.",
        "tags": ["icims", "healthcare"],
        "checks": ["IDENTITY_VERIFICATION_1", "CRIMINAL_RECORD_REPORT_1", "CREDIT_REPORT_1"],
    },
    {
        "name": "Basic Criminal Record",
        "description": "A basic criminal record check, chosen on the job in iCIMS.",
        "tags": ["icims"],
        "checks": ["CRIMINAL_RECORD_REPORT_1"],
    },
]
DEMO_GROUP = "Hiring - iCIMS"
CLOCK_SCHEDULE = "certn-sandbox-clock"
CLOCK_TASK = "integrations.certn.sandbox.tasks.clock"


def account(region: str = "ca") -> Account:
    region = region.lower()
    if region not in REGIONS:
        raise ValueError(f"no Certn region {region}; use one of {', '.join(REGIONS)}")
    acc, _ = Account.objects.get_or_create(
        region=region,
        defaults={
            "name": REGIONS[region],
            "api_key": f"ck_sandbox_{region}_{secrets.token_hex(12)}",
            "webhook_secret": secrets.token_hex(20),
        },
    )
    return acc


@transaction.atomic
def seed(*, step_seconds: int = 60) -> None:
    for region in REGIONS:
        acc = account(region)
        for package in (DEMO_PACKAGE, *JOB_PACKAGES):
            Package.objects.get_or_create(account=acc, name=package["name"], defaults=package)
        Group.objects.get_or_create(account=acc, name=DEMO_GROUP, defaults={"short_id": state.short_id("CG", region)})
        Account.objects.filter(pk=acc.pk).update(step_seconds=step_seconds)
    from django_q.models import Schedule

    # update_or_create: a database seeded before the task moved gets the new path.
    Schedule.objects.update_or_create(
        name=CLOCK_SCHEDULE,
        defaults={"func": CLOCK_TASK, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
    )


def hub_register(*, url: str, slug: str = "") -> None:
    """Point the connection's region's account at the hub, then run the challenge handshake from a worker."""
    from integrations.models import Connection

    conn = Connection.objects.filter(slug=slug).first()
    webhook_set(account(conn.region if conn and conn.region else "ca"), url)


def webhook_set(acc: Account, url: str) -> None:
    """Set (or, with a blank URL, remove) the account's webhook URL; Certn then checks a new URL
    with its challenge handshake, from a worker after the commit."""
    Account.objects.filter(pk=acc.pk).update(webhook_url=url, webhook_verified_at=None, webhook_problem="")
    if not url:
        return

    def verify():
        from django_q.tasks import async_task

        async_task("integrations.certn.sandbox.tasks.verify_webhook", acc.pk)

    transaction.on_commit(verify)
