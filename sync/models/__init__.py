"""Inbox, flows, runs, records, links and queued notifications: the hub's memory.

The database row is the truth; the queue only nudges. Status sets follow NetBox's jobs:
statuses still in progress and finished ones are grouped so sweeps and filters stay simple.
"""

from sync.models.drift import Connector, Difference, DifferenceStatus, DriftReport
from sync.models.events import EVENT_PENDING, EventStatus, InboundEvent
from sync.models.links import Link, Notification
from sync.models.privacy import Erasure, ErasureStatus
from sync.models.runs import RUN_ACTIVE, Flow, Outcome, Record, Run, RunStatus, Trigger

__all__ = [
    "EVENT_PENDING",
    "RUN_ACTIVE",
    "Connector",
    "Difference",
    "DifferenceStatus",
    "DriftReport",
    "Erasure",
    "ErasureStatus",
    "EventStatus",
    "Flow",
    "InboundEvent",
    "Link",
    "Notification",
    "Outcome",
    "Record",
    "Run",
    "RunStatus",
    "Trigger",
]
