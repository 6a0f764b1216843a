"""The emulated Credly API (contract §4): its URL patterns, and the event feed.

Organisations and tokens are in api_organizations.py, badges in api_badges.py, badge templates in
api_templates.py, the OAuth token endpoint in oauth.py. Views only translate HTTP to the writers
in state.py and rows to JSON (render.py); http.py holds the plumbing (token auth, the envelope,
paging, filter and sort syntax).
"""

from django.urls import re_path

from integrations.credly.sandbox import api_badges, api_organizations, api_templates, oauth, state
from integrations.credly.sandbox.http import api, error, ok, paged
from integrations.credly.sandbox.models import Organization
from integrations.credly.sandbox.render import event_json

ORG = r"^v1/organizations/(?P<org_id>[^/]+)"
TEMPLATE = ORG + r"/badge_templates/(?P<template_id>[^/]+)"
BADGE = ORG + r"/badges/(?P<badge_id>[^/]+)"
EVENTS_MAX_PER = 50  # the feed never pages more (§4.4)


def urlpatterns() -> list:
    """Mounted at /sandbox/credly/. Clients differ on trailing slashes and Credly accepts both
    (contract §4), hence `/?$`."""
    return [
        re_path(r"^oauth/token/?$", oauth.token, name="oauth-token"),
        re_path(r"^v1/organizations/?$", api_organizations.organizations, name="organizations"),
        re_path(ORG + r"/?$", api_organizations.organization, name="organization"),
        re_path(ORG + r"/authorization_tokens/?$", api_organizations.authorization_tokens, name="authorization-tokens"),
        re_path(ORG + r"/badge_templates/?$", api_templates.templates, name="badge-templates"),
        re_path(TEMPLATE + r"/?$", api_templates.template, name="badge-template"),
        re_path(TEMPLATE + r"/archive/?$", api_templates.template_archive, name="badge-template-archive"),
        re_path(TEMPLATE + r"/unarchive/?$", api_templates.template_unarchive, name="badge-template-unarchive"),
        re_path(ORG + r"/badges/?$", api_badges.badges, name="badges"),
        re_path(ORG + r"/high_volume_issued_badge_search/?$", api_badges.high_volume, name="badges-high-volume"),
        re_path(BADGE + r"/?$", api_badges.badge, name="badge"),
        re_path(BADGE + r"/revoke/?$", api_badges.badge_revoke, name="badge-revoke"),
        re_path(BADGE + r"/replace/?$", api_badges.badge_replace, name="badge-replace"),
        re_path(ORG + r"/events/?$", events, name="events"),
        re_path(ORG + r"/events/(?P<event_id>[^/]+)/?$", event, name="event"),
    ]


@api("GET")
def events(request, org: Organization):
    return paged(request, org.events.order_by("-occurred_at", "id"), event_json, max_per=EVENTS_MAX_PER)


@api("GET")
def event(request, org: Organization, event_id: str):
    found = state.find(org.events, event_id)
    if found is None:
        return error(404, "resource not found")
    return ok(event_json(found))
