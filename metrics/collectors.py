"""What a scrape reads: the hub's tables (events, inbox, runs, failure lines), counted now, and the
recorded counters and histograms (metrics.models.Sample), as Prometheus metric families.

A fresh registry per scrape holding one collector: nothing is kept in the web process between
scrapes, so every gunicorn worker answers the same.
"""

import json
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from integrations.models import Connection
from metrics.definitions import FROM_DATABASE, RECORDED
from metrics.models import Sample
from sync.models import EVENT_PENDING, Flow, InboundEvent, Notification, Run

COUNTS_KEY = "metrics:table-counts"


def _gauge(name: str) -> GaugeMetricFamily:
    m = FROM_DATABASE[name]
    return GaugeMetricFamily(m.name, m.help, labels=list(m.labels))


def _table_counts() -> dict:
    """Events by connection and status, runs by flow and status: each a scan of its table (about 2 s
    for a million events on SQLite), so counted at most once every METRICS_COUNT_SECONDS, by whichever
    web process scrapes first, and shared through the cache."""

    def count() -> dict:
        events = InboundEvent.objects.values_list("connection_id", "status").annotate(n=Count("id")).order_by()
        runs = Run.objects.values_list("flow_id", "status").annotate(n=Count("id")).order_by()
        return {"events": list(events), "runs": list(runs)}

    if settings.METRICS_COUNT_SECONDS <= 0:
        return count()
    return cache.get_or_set(COUNTS_KEY, count, timeout=settings.METRICS_COUNT_SECONDS)


class DatabaseCollector(Collector):
    """Gauges counted from the tables at scrape time: the inbox from its status index at every scrape,
    the kept events and runs from a count at most a minute old."""

    def collect(self):
        now = timezone.now()
        systems = dict(Connection.objects.values_list("pk", "system"))
        flows = dict(Flow.objects.values_list("pk", "key"))
        counts = _table_counts()
        events = _gauge("crosswalk_events")
        by_system: dict[tuple[str, str], int] = defaultdict(int)
        for connection_id, status, n in counts["events"]:
            by_system[(systems.get(connection_id, "?"), status)] += n
        for (system, status), n in sorted(by_system.items()):
            events.add_metric([system, status], n)
        depth = _gauge("crosswalk_inbox_depth")
        oldest = _gauge("crosswalk_inbox_oldest_waiting_seconds")
        waiting = {
            row["connection__system"]: row
            for row in InboundEvent.objects.filter(status__in=EVENT_PENDING)
            .values("connection__system")
            .annotate(n=Count("id"), first=Min("received_at"))
            .order_by()
        }
        for system in sorted(set(systems.values()) | set(waiting)):  # every connected system, 0 when none waits
            row = waiting.get(system)
            depth.add_metric([system], row["n"] if row else 0)
            oldest.add_metric([system], max(0.0, (now - row["first"]).total_seconds()) if row else 0)
        runs = _gauge("crosswalk_runs")
        for flow_id, status, n in counts["runs"]:
            runs.add_metric([flows.get(flow_id, "?"), status], n)
        lines = _gauge("crosswalk_notification_lines")
        notes = (
            Notification.objects.values("flow_key")
            .annotate(waiting=Count("id", filter=Q(sent_at__isnull=True)), sent=Count("sent_at"))
            .order_by()
        )
        for row in notes:
            lines.add_metric([row["flow_key"], "waiting"], row["waiting"])
            lines.add_metric([row["flow_key"], "sent"], row["sent"])
        yield from (events, depth, oldest, runs, lines)


class RecordedCollector(Collector):
    """The recorded counters and histograms, as every process has flushed them so far."""

    def collect(self):
        samples: dict[str, list[tuple[dict, float]]] = defaultdict(list)
        for name, labels, value in Sample.objects.values_list("name", "labels", "value"):
            samples[name].append((json.loads(labels), value))
        for metric in RECORDED.values():
            if metric.kind == "counter":
                family = CounterMetricFamily(metric.name, metric.help, labels=list(metric.labels))
                for labels, value in samples[metric.name]:
                    family.add_metric([labels.get(k, "") for k in metric.labels], value)
            else:
                family = _histogram(metric, samples)
            yield family


def _histogram(metric, samples: dict) -> HistogramMetricFamily:
    family = HistogramMetricFamily(metric.name, metric.help, labels=list(metric.labels))
    buckets: dict[tuple, dict[str, float]] = defaultdict(dict)
    for labels, value in samples[f"{metric.name}_bucket"]:
        le = labels.pop("le")
        buckets[tuple(labels.get(k, "") for k in metric.labels)][le] = value
    sums = {tuple(lb.get(k, "") for k in metric.labels): v for lb, v in samples[f"{metric.name}_sum"]}
    for key, counts in sorted(buckets.items()):
        running, cumulative = 0.0, []
        for bound in [*map(str, metric.buckets), "+Inf"]:  # stored per bucket; exposed cumulative
            running += counts.get(bound, 0.0)
            cumulative.append((bound, running))
        family.add_metric(list(key), cumulative, sums.get(key, 0.0))
    return family


def registry() -> CollectorRegistry:
    made = CollectorRegistry(auto_describe=False)
    made.register(DatabaseCollector())
    made.register(RecordedCollector())
    return made
