"""The connection check: read-only probes of everything the flows assume about a tenant.

Each system lists its probes in `integrations/<system>/probes.py` as `PROBES`; a connector that
needs its lookup tables (a field mapping's fields exist in the ATS, say) registers probes with
`register_connector_probe`. A probe takes the connection and returns one `CheckLine` or a list:
passed, failed (with the fix, in words a non-technical admin can follow) or skipped (and why).
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import import_module

from integrations.client.errors import ClientError, RateLimited, TransientError, Unauthorized

logger = logging.getLogger("crosswalk.integrations")

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
Probe = Callable[..., "CheckLine | list[CheckLine]"]
_connector_probes: dict[str, list[Probe]] = {}


@dataclass(frozen=True)
class CheckLine:
    name: str
    status: str  # passed | failed | skipped
    detail: str = ""
    fix: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def passed(name: str, detail: str = "") -> CheckLine:
    return CheckLine(name, PASSED, detail)


def failed(name: str, detail: str, fix: str) -> CheckLine:
    return CheckLine(name, FAILED, detail, fix)


def skipped(name: str, why: str) -> CheckLine:
    return CheckLine(name, SKIPPED, why)


def register_connector_probe(*, system: str, probe: Probe) -> None:
    """Add a probe run for every connection of `system` (idempotent: a module imported twice)."""
    probes = _connector_probes.setdefault(system, [])
    if probe not in probes:
        probes.append(probe)


def system_probes(system: str) -> list[Probe]:
    try:
        module = import_module(f"integrations.{system}.probes")
    except ModuleNotFoundError as exc:
        if exc.name != f"integrations.{system}.probes":
            raise
        return []
    return list(module.PROBES)


def run_probes(connection) -> list[CheckLine]:
    """Every probe for this connection, in order; one that crashes is a failed line, not a crash."""
    probes = [*system_probes(connection.system), *_connector_probes.get(connection.system, [])]
    if not probes:
        return [skipped("Probes", f"no probes are written for {connection.get_system_display()} yet")]
    lines: list[CheckLine] = []
    for probe in probes:
        try:
            result = probe(connection)
        except Exception as exc:  # a probe's own failure is a line of the checklist, told plainly
            result = _crashed(probe, exc)
        lines.extend(result if isinstance(result, list) else [result])
    return lines


def _crashed(probe: Probe, exc: Exception) -> CheckLine:
    name = (probe.__doc__ or probe.__name__).strip().splitlines()[0].rstrip(".")
    if isinstance(exc, Unauthorized):
        return failed(name, f"The system refused the credentials. ({exc})", "Enter the current credentials and save.")
    if isinstance(exc, RateLimited | TransientError):
        return failed(name, f"The system did not answer properly. ({exc})", "Try the check again in a few minutes.")
    if isinstance(exc, ClientError):
        return failed(name, f"The system answered with an error. ({exc})", "Check the base URL and the region.")
    logger.exception("probe_crashed probe=%s", name)
    return failed(name, f"The check itself failed: {type(exc).__name__}: {exc}", "Report this to your Crosswalk admin.")
