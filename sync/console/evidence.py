"""What the hub has seen of each connection, read once per page in a bounded number of queries:
its last connection check, the last event it sent us, and what its client noted in the cache
(last successful call, last failure, pause, token expiry). Checklist rows and the dashboard tick
on these, never on a setting merely being filled in."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from integrations.client.health import health_facts
from integrations.models import Connection, ConnectionCheck
from sync.models import InboundEvent

FINISHED = (ConnectionCheck.Status.PASSED, ConnectionCheck.Status.FAILED)


def when(moment: datetime | None) -> str:
    """A moment as the admin shows it elsewhere (local time, to the minute)."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "-"


def _epoch(value) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None


@dataclass
class Seen:
    """Evidence about one connection."""

    connection: Connection
    check: ConnectionCheck | None = None
    last_event_at: datetime | None = None
    last_event_type: str = ""
    facts: dict = field(default_factory=dict)

    @property
    def finished_check(self) -> ConnectionCheck | None:
        return self.check if self.check is not None and self.check.status in FINISHED else None

    @property
    def last_ok(self) -> datetime | None:
        return _epoch(self.facts.get("last_ok"))

    @property
    def last_error(self) -> dict | None:
        error = self.facts.get("last_error")
        return {**error, "at": _epoch(error["at"])} if error else None

    @property
    def token_expires(self) -> datetime | None:
        return _epoch(self.facts.get("token_expires"))

    @property
    def pause(self) -> dict | None:
        pause = self.facts.get("pause")
        return {**pause, "until": _epoch(pause["until"])} if pause else None

    def check_line(self, name: str) -> dict | None:
        """The last finished check's line called `name` (or, for a failed line per row, starting with it)."""
        check = self.finished_check
        if check is None:
            return None
        lines = [line for line in check.lines if line.get("name", "").startswith(name)]
        failed = [line for line in lines if line.get("status") == "failed"]
        return (failed or lines or [None])[0]


class Evidence:
    """Every connection with what the hub has seen of it: three queries and one cache read."""

    def __init__(self, connections=None):
        events = InboundEvent.objects.filter(connection=OuterRef("pk")).order_by("-received_at")
        checks = ConnectionCheck.objects.filter(connection=OuterRef("pk")).order_by("-requested_at", "-pk")
        query = (connections if connections is not None else Connection.objects.all()).annotate(
            last_check_id=Subquery(checks.values("pk")[:1]),
            last_event_at=Subquery(events.values("received_at")[:1]),
            last_event_type=Subquery(events.values("event_type")[:1]),
        )
        self.connections = list(query.order_by("system", "name"))
        found = ConnectionCheck.objects.in_bulk([c.last_check_id for c in self.connections if c.last_check_id])
        facts = health_facts([c.pk for c in self.connections])
        self.seen = {
            c.pk: Seen(
                connection=c,
                check=found.get(c.last_check_id),
                last_event_at=c.last_event_at,
                last_event_type=c.last_event_type or "",
                facts=facts.get(c.pk, {}),
            )
            for c in self.connections
        }

    def of(self, connection: Connection) -> Seen:
        return self.seen.get(connection.pk) or Seen(connection=connection)

    def of_system(self, system: str, *, enabled_only: bool = False) -> list[Connection]:
        return [c for c in self.connections if c.system == system and (c.enabled or not enabled_only)]

    def by_pk(self, pk: int | None) -> Connection | None:
        seen = self.seen.get(pk)
        return seen.connection if seen else None
