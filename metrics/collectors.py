"""What a scrape reads: the hub's tables (events, inbox, runs, failure lines), counted now, and the
recorded counters and histograms (metrics.models.Sample), as Prometheus metric families.

A fresh registry per scrape holding one collector: nothing is kept in the web process between
scrapes, so every gunicorn worker answers the same.
"""

import json
from collections import defaultdict

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from integrations.models import Connection
from metrics.definitions import FROM_DATABASE, RECORDED
from metrics.models import Sample
from sync.models import EVENT_PENDING, InboundEvent, Notification, Run


def _gauge(name: str) -> GaugeMetricFamily:
    m = FROM_DATABASE[name]
    return GaugeMetricFamily(m.name, m.help, labels=list(m.labels))


class DatabaseCollector(Collector):
    """Gauges counted from the tables at scrape time (a handful of grouped, indexed queries)."""

    def collect(self):
        now = timezone.now()
        events = _gauge("crosswalk_events")
        depth = _gauge("crosswalk_inbox_depth")
        oldest = _gauge("crosswalk_inbox_oldest_waiting_seconds")
        systems = set(Connection.objects.values_list("system", flat=True))
        for row in InboundEvent.objects.values("connection__system", "status").annotate(n=Count("id")).order_by():
            events.add_metric([row["connection__system"], row["status"]], row["n"])
            systems.add(row["connection__system"])
        waiting = {
            row["connection__system"]: row
            for row in InboundEvent.objects.filter(status__in=EVENT_PENDING)
            .values("connection__system")
            .annotate(n=Count("id"), first=Min("received_at"))
            .order_by()
        }
        for system in sorted(systems):  # every connected system, 0 when nothing waits
            row = waiting.get(system)
            depth.add_metric([system], row["n"] if row else 0)
            oldest.add_metric([system], max(0.0, (now - row["first"]).total_seconds()) if row else 0)
        runs = _gauge("crosswalk_runs")
        for row in Run.objects.values("flow__key", "status").annotate(n=Count("id")).order_by():
            runs.add_metric([row["flow__key"], row["status"]], row["n"])
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
