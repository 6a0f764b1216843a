"""The home dashboard's content, read in a fixed number of queries whatever the number of
connections, events or runs: each connection's health, the event counts that need an eye, runs per
day for the last 14 days, the flows switched off, and where to start. The template only renders it."""

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from sync.console import health
from sync.console.checklist import admin_url, events_url
from sync.console.checklists import CHECKLISTS
from sync.console.evidence import Evidence
from sync.console.runs_chart import runs_chart
from sync.flows.registry import all_flows
from sync.models import EventStatus, Flow, InboundEvent

# The tiles of the events that need an eye: (label, statuses, what it means).
EVENT_TILES = (
    ("Waiting", (EventStatus.RECEIVED, EventStatus.PROCESSING), "stored, waiting for a worker or being processed"),
    ("Retrying", (EventStatus.RETRYING,), "failed, tried again later by itself"),
    ("Failed for good", (EventStatus.DEAD,), "all attempts used: fix the cause, then Replay"),
    ("Held", (EventStatus.HELD,), "their flow is switched off"),
)


def dashboard(*, user, now=None) -> dict:
    """Everything the admin index shows above the app list, limited to what `user` may see."""
    counts = _event_counts() if user.has_perm("sync.view_inboundevent") else None
    context = {"start": start_links(), "sandbox_url": "/sandbox/" if settings.SANDBOX_ENABLED else ""}
    if user.has_perm("integrations.view_connection"):
        context["connections"] = [health.card(seen, counts or {}) for seen in Evidence().seen.values()]
    if counts is not None:
        context["events"] = _event_tiles(counts)
    if user.has_perm("sync.view_run"):
        context["runs"] = runs_chart(now=now)
    if user.has_perm("sync.view_flow"):
        context["flows_off"] = flows_off()
    return context


def start_links() -> list[dict]:
    """The getting-started page and each integration's setup checklist, in the order to follow."""
    links = [{"title": "Getting started", "url": reverse("admin:getting_started"), "summary": ""}]
    for key, module in CHECKLISTS.items():
        url = reverse("admin:setup_checklist", args=[key])
        links.append({"title": f"Setup checklist: {module.TITLE}", "url": url, "summary": module.SUMMARY})
    return links


def _event_counts() -> dict:
    """{(connection id, status): count} for the statuses the tiles show: one grouped query."""
    wanted = [status for _, statuses, _ in EVENT_TILES for status in statuses]
    rows = (
        InboundEvent.objects.filter(status__in=wanted)
        .order_by()
        .values_list("connection_id", "status")
        .annotate(n=Count("pk"))
    )
    return {(conn, status): n for conn, status, n in rows}


def _event_tiles(counts: dict) -> list[dict]:
    tiles = []
    for label, statuses, meaning in EVENT_TILES:
        number = sum(n for (_, status), n in counts.items() if status in statuses)
        url = events_url(status=",".join(statuses))
        tiles.append({"label": label, "count": number, "url": url, "meaning": meaning, "key": statuses[0]})
    return tiles


def flows_off() -> list[dict]:
    """Flows switched off, as rows (or, for a flow never saved, its default), linked to their page."""
    rows = {f.key: f for f in Flow.objects.all()}
    out = []
    for definition in all_flows():
        row = rows.get(definition.key)
        enabled = row.enabled if row else definition.enabled_by_default
        if not enabled:
            url = admin_url("sync_flow_change", row.pk) if row else admin_url("sync_flow_changelist")
            out.append({"name": definition.name, "url": url, "description": definition.description})
    return out
