"""What every badge flow shares: which connection to use, the direction guard, the recipient,
the run's API clients (whose call counts are kept in the run's checkpoint), and the fetch of a
Credly event that proves its delivery genuine."""

from integrations.client.errors import NotFound
from integrations.models import Connection
from mappings.badges.conf import badge_settings
from sync.models import Outcome

EARNER_PREFIX = "crosswalk-docebo-"  # issuer_earner_id of every badge the hub issues: "<prefix><Docebo user id>"


class ConnectorNotConfigured(Exception):
    """No (or no single) enabled connection for a system: an admin must choose one."""

    plain_words = True  # its message says what to do: shown as it is (sync/services/explain.py)


def connection_for(system: str) -> Connection:
    """The enabled connection of `system`: the one named in the settings table, else the only one."""
    s = badge_settings()
    slug = s.credly_connection if system == "credly" else s.docebo_connection
    enabled = Connection.objects.filter(system=system, enabled=True)
    if slug:
        conn = enabled.filter(slug=slug).first()
        if conn is None:
            raise ConnectorNotConfigured(
                f"the {system} connection {slug!r} named in the badge settings does not exist or is disabled"
            )
        return conn
    conns = list(enabled[:2])
    if not conns:
        raise ConnectorNotConfigured(f"there is no enabled {system} connection: add one under Connections")
    if len(conns) > 1:
        key = f"{system.upper()}_CONNECTION"
        raise ConnectorNotConfigured(
            f"there are several enabled {system} connections: name one in the badge setting {key}"
        )
    return conns[0]


def earner_id(user_id) -> str:
    return f"{EARNER_PREFIX}{user_id}"


def guard_docebo_to_credly() -> str | None:
    if badge_settings().master == "credly":
        return "CREDLY_INTEGRATION_MASTER is 'credly': only Credly -> Docebo flows run"
    return None


def guard_credly_to_docebo() -> str | None:
    if badge_settings().master == "docebo":
        return "CREDLY_INTEGRATION_MASTER is 'docebo': only Docebo -> Credly flows run"
    return None


def recipient() -> str:
    return badge_settings().notification_mail_id


class BadgeClients:
    """A badge run's Credly and Docebo clients, opened lazily; `count_calls` adds what they sent to the checkpoint."""

    def __init__(self, ctx):
        self.ctx = ctx
        self._clients: dict[str, object] = {}
        self._counted: dict[str, int] = {}

    def get(self, system: str):
        if system not in self._clients:
            event_conn = self.ctx.connection
            conn = event_conn if event_conn is not None and event_conn.system == system else connection_for(system)
            self._clients[system] = conn.client()
        return self._clients[system]

    @property
    def credly(self):
        return self.get("credly")

    @property
    def docebo(self):
        return self.get("docebo")

    def count_calls(self) -> dict:
        """Add the calls sent since the last count to the checkpoint's `api_calls` (per system)."""
        totals = dict(self.ctx.checkpoint.get("api_calls") or {})
        for system, client in self._clients.items():
            new = client.calls - self._counted.get(system, 0)
            self._counted[system] = client.calls
            totals[system] = totals.get(system, 0) + new
        self.ctx.checkpoint["api_calls"] = totals
        return totals


def fetch_credly_event(ctx, clients, event) -> dict | None:
    """The Credly event behind a delivery, read from Credly's API: Credly signs nothing, so an event
    it does not know (404) was not genuine, and is recorded as failed (None is returned)."""
    try:
        return clients.credly.get_event(event.payload["id"])
    except NotFound:
        ctx.record(
            source_ref=event.payload["id"],
            action="fetch_event",
            outcome=Outcome.FAILED,
            message="Credly does not know this event: the delivery was not genuine",
        )
        return None
