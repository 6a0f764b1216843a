"""Every metric Crosswalk exposes: name, kind, help, labels (and histogram buckets).

Two sources (docs/metrics.md): `FROM_DATABASE` gauges are counted from the hub's own tables at
scrape time (the rows are the truth, whichever process wrote them); `RECORDED` counters and
histograms count things as they happen in any web or worker process (metrics/recorder.py).
"""

from dataclasses import dataclass

VENDOR_CALL_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
RUN_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)


@dataclass(frozen=True)
class Metric:
    name: str
    kind: str  # counter, histogram, gauge
    help: str
    labels: tuple[str, ...]
    buckets: tuple[float, ...] = ()


RECORDED = {
    m.name: m
    for m in (
        Metric(
            "crosswalk_vendor_calls",
            "counter",
            "Calls to the connected systems' APIs (each retry counts), by system and HTTP status "
            "('unreachable' when no answer came).",
            ("system", "status"),
        ),
        Metric(
            "crosswalk_vendor_call_duration_seconds",
            "histogram",
            "How long a call to a system's API took, by system.",
            ("system",),
            VENDOR_CALL_BUCKETS,
        ),
        Metric(
            "crosswalk_vendor_rate_limited",
            "counter",
            "429 Too Many Requests answers, by system.",
            ("system",),
        ),
        Metric(
            "crosswalk_vendor_retry_waits",
            "counter",
            "Waits sat out before retrying a call, by system and reason (rate_limited, server_error, unreachable).",
            ("system", "reason"),
        ),
        Metric(
            "crosswalk_vendor_retry_wait_seconds",
            "counter",
            "Seconds spent waiting before retrying calls, by system and reason.",
            ("system", "reason"),
        ),
        Metric(
            "crosswalk_vendor_deferred_seconds",
            "counter",
            "Seconds of Retry-After too long to sit out in place: the work was handed back to wait, by system.",
            ("system",),
        ),
        Metric(
            "crosswalk_run_duration_seconds",
            "histogram",
            "Finished runs of a flow and how long each took (from start to finish), by flow and outcome.",
            ("flow", "status"),
            RUN_BUCKETS,
        ),
        Metric(
            "crosswalk_notification_emails_sent",
            "counter",
            "Failure e-mails sent (each may carry many lines), by flow.",
            ("flow",),
        ),
    )
}

FROM_DATABASE = {
    m.name: m
    for m in (
        Metric("crosswalk_events", "gauge", "Inbox events kept, by sending system and status.", ("system", "status")),
        Metric(
            "crosswalk_inbox_depth",
            "gauge",
            "Events waiting to be processed (received, processing or retrying), by system.",
            ("system",),
        ),
        Metric(
            "crosswalk_inbox_oldest_waiting_seconds",
            "gauge",
            "Age of the oldest event still waiting, by system (0 when none waits).",
            ("system",),
        ),
        Metric(
            "crosswalk_runs",
            "gauge",
            "Runs kept, by flow and status (queued and running included).",
            ("flow", "status"),
        ),
        Metric(
            "crosswalk_notification_lines",
            "gauge",
            "Failure lines kept, by flow and state (waiting for the next e-mail, or sent).",
            ("flow", "state"),
        ),
    )
}
