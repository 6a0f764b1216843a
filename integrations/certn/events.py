"""Certn webhook event types (contract §4), in one place.

The payloads, the receiver, the sandbox that sends them and the screening flows all read these
constants; fixtures/<event type>.json holds one sample of each.
"""

CASE_STATUS_CHANGED = "CASE_STATUS_CHANGED"
CHECK_STATUS_CHANGED = "CHECK_STATUS_CHANGED"
CASE_REPORT_READY = "CASE_REPORT_READY"
CASE_INPUT_CLAIMS_AUTOMATICALLY_GENERATED = "CASE_INPUT_CLAIMS_AUTOMATICALLY_GENERATED"

# Every event type Certn sends.
EVENT_TYPES = (
    CASE_STATUS_CHANGED,
    CHECK_STATUS_CHANGED,
    CASE_REPORT_READY,
    CASE_INPUT_CLAIMS_AUTOMATICALLY_GENERATED,
)
