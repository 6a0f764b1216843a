"""Demo state of the Credly sandbox: one organisation, its token, five templates, a few badges.

Idempotent: rows are found by name, so running it again changes nothing. Seed rows are written
directly (no events, no webhooks): they stand for history from before the hub was connected.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from integrations.credly.sandbox.models import (
    AuthorizationToken,
    BadgeState,
    IssuedBadge,
    OAuthApplication,
    Organization,
    Template,
    TemplateState,
)
from integrations.credly.sandbox.state import earner_user_id

ORGANIZATION = {"name": "Acme Academy (sandbox)", "vanity_slug": "acme-academy"}
TOKEN_DESCRIPTION = "Crosswalk hub"
OAUTH_APP_NAME = "Crosswalk hub (OAuth)"

TEMPLATES = [
    {
        "name": "Cloud Foundations Practitioner",
        "state": TemplateState.ACTIVE,
        "description": "Awarded for completing the Cloud Foundations learning plan.",
        "skills": ["Cloud Computing", "Networking", "Security"],
        "reporting_tags": ["cloud"],
    },
    {
        "name": "Data Privacy Essentials",
        "state": TemplateState.ACTIVE,
        "description": "Awarded for completing the Data Privacy Essentials course.",
        "skills": ["GDPR", "Privacy", "Compliance"],
        "reporting_tags": ["privacy"],
    },
    {
        "name": "Workplace Safety Certified",
        "state": TemplateState.ACTIVE,
        "expires_in_days": 365,
        "description": "Yearly workplace safety certification.",
        "skills": ["Health and Safety", "First Aid", "Risk Assessment"],
        "reporting_tags": ["safety"],
    },
    {
        "name": "Customer Care Specialist",
        "state": TemplateState.ACTIVE,
        "description": "Awarded for completing the Customer Care learning plan.",
        "skills": ["Communication", "Empathy", "Problem Solving"],
        "reporting_tags": ["service"],
    },
    {
        "name": "Legacy Safety Induction",
        "state": TemplateState.ARCHIVED,
        "description": "The safety induction used before 2024. No longer issued.",
        "skills": ["Health and Safety", "Induction", "Compliance"],
        "reporting_tags": ["safety"],
    },
]

BADGES = [
    {
        "template": "Cloud Foundations Practitioner",
        "recipient_email": "jane.doe@example.com",
        "first_name": "Jane",
        "last_name": "Doe",
        "state": BadgeState.ACCEPTED,
        "days_ago": 30,
    },
    {
        "template": "Data Privacy Essentials",
        "recipient_email": "sam.lee@example.com",
        "first_name": "Sam",
        "last_name": "Lee",
        "state": BadgeState.PENDING,
        "days_ago": 3,
    },
    {
        "template": "Legacy Safety Induction",
        "recipient_email": "sam.lee@example.com",
        "first_name": "Sam",
        "last_name": "Lee",
        "state": BadgeState.ACCEPTED,
        "days_ago": 400,
    },
]


@transaction.atomic
def seed() -> Organization:
    org = Organization.objects.filter(vanity_slug=ORGANIZATION["vanity_slug"]).first()
    if org is None:
        org = Organization.objects.create(**ORGANIZATION)
    if not org.tokens.filter(description=TOKEN_DESCRIPTION).exists():
        AuthorizationToken.objects.create(
            organization=org,
            token=secrets.token_hex(20),
            description=TOKEN_DESCRIPTION,
            expires_at=timezone.now() + timedelta(days=180),
        )
    if not org.oauth_applications.filter(name=OAUTH_APP_NAME).exists():
        OAuthApplication.objects.create(
            organization=org,
            name=OAUTH_APP_NAME,
            client_id=secrets.token_hex(12),
            client_secret=secrets.token_urlsafe(32),
        )
    templates = {t["name"]: _template(org, t) for t in TEMPLATES}
    for spec in BADGES:
        _badge(org, templates[spec["template"]], spec)
    return org


def _template(org: Organization, spec: dict) -> Template:
    found = org.templates.filter(name=spec["name"]).first()
    return found or Template.objects.create(organization=org, state_updated_at=timezone.now(), **spec)


def _badge(org: Organization, template: Template, spec: dict) -> None:
    if org.badges.filter(template=template, recipient_email=spec["recipient_email"]).exists():
        return
    issued = timezone.now() - timedelta(days=spec["days_ago"])
    IssuedBadge.objects.create(
        organization=org,
        template=template,
        recipient_email=spec["recipient_email"],
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        state=spec["state"],
        issued_at=issued,
        expires_at=issued + timedelta(days=template.expires_in_days) if template.expires_in_days else None,
        state_updated_at=issued + timedelta(days=1) if spec["state"] != BadgeState.PENDING else None,
        user_id=earner_user_id(spec["recipient_email"]) if spec["state"] == BadgeState.ACCEPTED else None,
    )
