"""Emulated Credly organisation endpoints (contract §4.1, §1.2): the organisations a token
reaches, one organisation (with its webhook URL), and the organisation's authorization tokens."""

from integrations.credly.sandbox.http import api, ok, paged
from integrations.credly.sandbox.models import Organization
from integrations.credly.sandbox.render import organization_json, token_json


@api("GET")
def organizations(request, org: Organization):
    """GET /v1/organizations: an authorization token or OAuth application belongs to one
    organisation, so the list holds that one."""
    return paged(request, Organization.objects.filter(pk=org.pk), organization_json)


@api("GET", "PUT")
def organization(request, org: Organization):
    if request.method == "PUT" and "webhook_url" in request.json:
        org.webhook_url = request.json["webhook_url"] or ""
        org.save(update_fields=["webhook_url"])
    return ok(organization_json(org))


@api("GET")
def authorization_tokens(request, org: Organization):
    """Credly's rule: a token without write or delete permission sees only the read-only tokens."""
    tokens = org.tokens.select_related("organization").order_by("created_at", "pk")
    used = request.credly_token
    if used is not None and not (used.write_enabled or used.delete_enabled):
        tokens = tokens.filter(write_enabled=False, delete_enabled=False)
    return paged(request, tokens, token_json)
