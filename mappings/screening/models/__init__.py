"""The screening connector's tables: lookup tables (lookups.py, regions.py) and the background
checks ordered with the admin's requests about them (checks.py)."""

from mappings.screening.models.checks import (
    CLOSED_STATUSES,
    ENDED_WITHOUT_RESULT,
    BackgroundCheck,
    CaseRequest,
    PackageSource,
    RequestAction,
    RequestStatus,
)
from mappings.screening.models.lookups import (
    REGIONS,
    CertnGroup,
    CheckPackage,
    ReportUrlType,
    ScreeningSettings,
    StageOrder,
    connection_region,
)
from mappings.screening.models.regions import CertnRegion

__all__ = [
    "CLOSED_STATUSES",
    "ENDED_WITHOUT_RESULT",
    "REGIONS",
    "BackgroundCheck",
    "CaseRequest",
    "CertnGroup",
    "CertnRegion",
    "CheckPackage",
    "PackageSource",
    "ReportUrlType",
    "RequestAction",
    "RequestStatus",
    "ScreeningSettings",
    "StageOrder",
    "connection_region",
]
