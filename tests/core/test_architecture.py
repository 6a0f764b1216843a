"""The layout and the layers of the code base, checked so that they hold without anyone's memory.

The import contracts are declared in pyproject.toml ([tool.importlinter]) and also run by
`make lint`; this test runs them in `make test`, which is what CI runs.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from integrations.systems import System

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 300
PRODUCTION_FILES = {
    "__init__.py",
    "apps.py",
    "client.py",
    "payloads.py",
    "webhooks.py",
    "spec.py",
    "events.py",
    "probes.py",
}
SANDBOX_FILES = {"__init__.py", "models.py", "state.py", "api.py", "pages.py", "seed.py", "tasks.py"}
# Production modules kept beside the standard ones, each because folding it in would pass MAX_LINES.
EXTRA_PRODUCTION_FILES = {
    "credentially": {"readback.py", "subscriptions.py", "pacing.py"},
    "docebo": {"client_records.py"},
    # signing: shared by receiver and emulator
    "icims": {"client_screening.py", "client_auth.py", "client_lists.py", "signing.py"},
}


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _python_files():
    for folder in ("integrations", "sync", "mappings", "api", "demo", "config", "metrics", "tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_the_size_limit():
    long = {str(p.relative_to(ROOT)): n for p in _python_files() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules (over {MAX_LINES} lines): {long}"


@pytest.mark.parametrize("system", System.values)
def test_system_package_has_the_common_shape(system):
    package = ROOT / "integrations" / system
    modules = {p.name for p in package.glob("*.py")}
    assert modules - PRODUCTION_FILES - EXTRA_PRODUCTION_FILES.get(system, set()) == set()
    assert modules >= PRODUCTION_FILES
    assert {"migrations", "fixtures", "sandbox"} <= {p.name for p in package.iterdir() if p.is_dir()}
    assert {p.name for p in (package / "sandbox").glob("*.py")} >= SANDBOX_FILES
