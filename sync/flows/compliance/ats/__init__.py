"""The ATS side of the connector behind one small interface: one module per ATS.

Adding Bullhorn or Greenhouse means one new module with an `AtsAdapter` subclass and one line
in ADAPTERS; the flows never talk to an ATS client directly.
"""

from django.utils.module_loading import import_string

from sync.flows.compliance.ats.base import AtsAdapter, Candidate, DocumentVersion, FileLimits, StageChange

ADAPTERS = {
    "icims": "sync.flows.compliance.ats.icims.IcimsAts",
}


def adapter_for(connection) -> AtsAdapter:
    try:
        path = ADAPTERS[connection.system]
    except KeyError:
        raise LookupError(f"no ATS adapter for {connection.system!r}; known: {', '.join(ADAPTERS)}") from None
    return import_string(path)(connection)


__all__ = ["ADAPTERS", "AtsAdapter", "Candidate", "DocumentVersion", "FileLimits", "StageChange", "adapter_for"]
