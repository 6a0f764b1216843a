"""The iCIMS sandbox: an emulator of the REST API and its event notifications (contract icims.md).

`EMULATOR` is what the sandbox registry loads; the seeded tenant's constants (customer id,
status node ids, trigger statuses) are re-exported for connector demos and tests.
"""

from integrations.icims.sandbox.emulator import IcimsEmulator
from integrations.icims.sandbox.seed import (
    CERTN_TRIGGER_STATUSES,
    CREDENTIALLY_TRIGGER_STATUSES,
    CUSTOMER_ID,
    STATUS_APPLIED,
    STATUS_BACKGROUND_CHECK,
    STATUS_BACKGROUND_CHECK_COMPLETE,
    STATUS_HIRED,
    STATUS_INTERVIEW,
    STATUS_NOT_SELECTED,
    STATUS_OFFER_ACCEPTED,
    STATUS_ONBOARDING,
    STATUS_PHONE_SCREEN,
    STATUSES,
    TRIGGER_STATUSES,
)

EMULATOR = IcimsEmulator()

__all__ = [
    "CERTN_TRIGGER_STATUSES",
    "CREDENTIALLY_TRIGGER_STATUSES",
    "CUSTOMER_ID",
    "EMULATOR",
    "STATUSES",
    "STATUS_APPLIED",
    "STATUS_BACKGROUND_CHECK",
    "STATUS_BACKGROUND_CHECK_COMPLETE",
    "STATUS_HIRED",
    "STATUS_INTERVIEW",
    "STATUS_NOT_SELECTED",
    "STATUS_OFFER_ACCEPTED",
    "STATUS_ONBOARDING",
    "STATUS_PHONE_SCREEN",
    "TRIGGER_STATUSES",
]
