"""Lookup tables (stage triggers, field mappings) and the mirror of what was synced.

The mirror ("as Crosswalk holds them") is what the REST API reads and what the sync-back
compares against, object by object, so that a run with nothing new writes nothing.
"""

from mappings.compliance.models.lookups import Direction, FieldMapping, StageTrigger, Transform
from mappings.compliance.models.mirror import (
    AtsCallDay,
    FileStatus,
    PollState,
    ProfileFieldCatalogue,
    StaffDocument,
    StaffDocumentFile,
    StaffRecord,
)

__all__ = [
    "AtsCallDay",
    "Direction",
    "FieldMapping",
    "FileStatus",
    "PollState",
    "ProfileFieldCatalogue",
    "StaffDocument",
    "StaffDocumentFile",
    "StaffRecord",
    "StageTrigger",
    "Transform",
]
