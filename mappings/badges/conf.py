"""The integration-settings table, typed: what each key means, how its value is read and checked.

Values are stored as text (as in the seed's table) and parsed here, once; flows read them
through `badge_settings()`, never raw rows.
"""

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.core.validators import validate_email
from django.db import models


class SettingKey(models.TextChoices):
    BATCH_SYNC_START_DATE = "BATCH_SYNC_START_DATE"
    NOTIFICATION_MAIL_ID = "NOTIFICATION_MAIL_ID"
    SYNC_REVOCATION = "SYNC_REVOCATION"
    CREDLY_DEFAULT_EXPIRATION_DAYS = "CREDLY_DEFAULT_EXPIRATION_DAYS"
    EXTERNAL_TRAINING_INSTITUTE_NAME = "EXTERNAL_TRAINING_INSTITUTE_NAME"
    COURSE_ADDITIONAL_FIELD = "COURSE_ADDITIONAL_FIELD"
    CREDLY_INTEGRATION_MASTER = "CREDLY_INTEGRATION_MASTER"
    EVIDENCE_TITLE = "EVIDENCE_TITLE"
    CREDLY_CONNECTION = "CREDLY_CONNECTION"
    DOCEBO_CONNECTION = "DOCEBO_CONNECTION"


K = SettingKey
SETTING_HELP = {
    K.BATCH_SYNC_START_DATE: "Date (YYYY-MM-DD). The batch syncs only look at completions and badges issued on or "
    "after this date.",
    K.NOTIFICATION_MAIL_ID: "E-mail address told about errors and about badge templates deleted in Credly.",
    K.SYNC_REVOCATION: "true or false. true: when a certification is revoked in Docebo, its badge is revoked in "
    "Credly. false: badges are never revoked from Docebo.",
    K.CREDLY_DEFAULT_EXPIRATION_DAYS: "Whole number of days, or blank. Used when the Docebo object has no expiry "
    "date of its own: the badge expires this many days after it is issued. Blank: "
    "the badge gets no expiry date.",
    K.EXTERNAL_TRAINING_INSTITUTE_NAME: "Institute name given to Credly badges imported into Docebo as external "
    "training.",
    K.COURSE_ADDITIONAL_FIELD: "Name of the course additional field (a dropdown) in Docebo whose choices are the "
    "active badge templates. Crosswalk creates it if it is missing.",
    K.CREDLY_INTEGRATION_MASTER: "Which way badges flow. docebo: only Docebo -> Credly. credly: only Credly -> "
    "Docebo. Blank: both ways.",
    K.EVIDENCE_TITLE: "Title of the evidence attached to badges Crosswalk issues; the evidence also names the flow "
    "that issued the badge.",
    K.CREDLY_CONNECTION: "Slug of the Credly connection to use. Blank: the only enabled Credly connection.",
    K.DOCEBO_CONNECTION: "Slug of the Docebo connection to use. Blank: the only enabled Docebo connection.",
}

# Sensible defaults for rows a migration creates when missing.
DEFAULTS = {
    K.BATCH_SYNC_START_DATE: "2024-01-01",
    K.NOTIFICATION_MAIL_ID: "",
    K.SYNC_REVOCATION: "false",
    K.CREDLY_DEFAULT_EXPIRATION_DAYS: "",
    K.EXTERNAL_TRAINING_INSTITUTE_NAME: "Credly",
    K.COURSE_ADDITIONAL_FIELD: "Credly badge",
    K.CREDLY_INTEGRATION_MASTER: "",
    K.EVIDENCE_TITLE: "Issued by Crosswalk",
    K.CREDLY_CONNECTION: "",
    K.DOCEBO_CONNECTION: "",
}

KIND = {
    K.BATCH_SYNC_START_DATE: "date",
    K.NOTIFICATION_MAIL_ID: "email",
    K.SYNC_REVOCATION: "boolean",
    K.CREDLY_DEFAULT_EXPIRATION_DAYS: "days",
    K.CREDLY_INTEGRATION_MASTER: "master",
}
MASTERS = ("", "docebo", "credly")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_setting(key: str, value: str):
    """The typed value of one row; ValueError with a message a non-technical admin understands."""
    text = (value or "").strip()
    kind = KIND.get(key, "text")
    if kind == "date":
        return _parse_date(text)
    if kind == "email":
        return _parse_email(text)
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise ValueError("Write true or false.")
        return text.lower() == "true"
    if kind == "days":
        if not text:
            return None
        if not text.isdigit():
            raise ValueError("Write a whole number of days, such as 365, or leave it blank for no expiry.")
        return int(text)
    if kind == "master":
        if text.lower() not in MASTERS:
            raise ValueError("Write docebo, credly, or leave it blank for both ways.")
        return text.lower()
    return text


def normalise_setting(key: str, value: str) -> str:
    """The text stored for a valid value (e.g. booleans in lower case, as the seed asks)."""
    parsed = parse_setting(key, value)
    if parsed is None:
        return ""
    if isinstance(parsed, bool):
        return "true" if parsed else "false"
    if isinstance(parsed, date):
        return parsed.isoformat()
    return str(parsed)


def _parse_date(text: str) -> date | None:
    if not text:
        return None
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("Write a date as year-month-day, e.g. 2024-01-31.") from None


def _parse_email(text: str) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except Exception:
        raise ValueError("Write one e-mail address, e.g. lms-admin@example.com.") from None
    return text


@dataclass(frozen=True)
class BadgeSettings:
    batch_sync_start_date: date | None
    notification_mail_id: str
    sync_revocation: bool
    default_expiration_days: int | None
    institute_name: str
    course_additional_field: str
    master: str
    evidence_title: str
    credly_connection: str
    docebo_connection: str


_pinned: ContextVar[dict | None] = ContextVar("badge_settings_pinned", default=None)


@contextlib.contextmanager
def settings_pinned():
    """Within the block, the settings are read once (at first use) and the same values served after:
    one event sees one set of settings, and its handler reads them once instead of five times."""
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def badge_settings() -> BadgeSettings:
    """The settings as typed values; a missing or unreadable row falls back to its default."""
    pinned = _pinned.get()
    if pinned is None:
        return _read_settings()
    if "value" not in pinned:
        pinned["value"] = _read_settings()
    return pinned["value"]


def _read_settings() -> BadgeSettings:
    from mappings.badges.models import IntegrationSetting

    raw = {**DEFAULTS, **dict(IntegrationSetting.objects.filter(integration="CREDLY").values_list("key", "value"))}

    def get(key):
        try:
            return parse_setting(key, raw[key])
        except ValueError:
            return parse_setting(key, DEFAULTS[key])

    return BadgeSettings(
        batch_sync_start_date=get(K.BATCH_SYNC_START_DATE),
        notification_mail_id=get(K.NOTIFICATION_MAIL_ID),
        sync_revocation=get(K.SYNC_REVOCATION),
        default_expiration_days=get(K.CREDLY_DEFAULT_EXPIRATION_DAYS),
        institute_name=get(K.EXTERNAL_TRAINING_INSTITUTE_NAME),
        course_additional_field=get(K.COURSE_ADDITIONAL_FIELD),
        master=get(K.CREDLY_INTEGRATION_MASTER),
        evidence_title=get(K.EVIDENCE_TITLE),
        credly_connection=get(K.CREDLY_CONNECTION),
        docebo_connection=get(K.DOCEBO_CONNECTION),
    )
