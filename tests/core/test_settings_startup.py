"""Configuration fails early: with DEBUG off, missing keys stop start-up with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        timeout=60,
    )


def test_missing_secret_key_and_encryption_key_stop_start_up():
    result = start(DEBUG="0", SECRET_KEY="", FIELD_ENCRYPTION_KEYS="")
    assert result.returncode != 0
    assert "SECRET_KEY, FIELD_ENCRYPTION_KEYS must be set when DEBUG is off" in result.stderr


def test_a_malformed_encryption_key_is_named_by_the_system_check():
    result = start(DEBUG="0", SECRET_KEY="s" * 50, FIELD_ENCRYPTION_KEYS="not-a-key")
    assert result.returncode != 0
    assert "crosswalk.E001" in result.stderr


def test_with_keys_set_start_up_passes():
    from cryptography.fernet import Fernet

    result = start(
        DEBUG="0",
        SECRET_KEY="s" * 50,
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        HUB_BASE_URL="https://hub.example.com",
    )
    assert result.returncode == 0, result.stderr
