"""iCIMS value formats and defaults shared by the client and the sandbox: date-times, file limits,
the screening write-back fields, ids from Location headers."""

from datetime import UTC, datetime

from integrations.client import PermanentError

DATETIME_FORMAT = "%Y-%m-%d %I:%M %p"  # iCIMS date-time values, always UTC (§2.2)

# Where background-check results are written (§4). The field ids are the contract's default and
# are NOT confirmed for real tenants, so each can be overridden by a connection setting.
SCREENING_DEFAULTS = {
    "screening_profile": "people",  # "people" (person-level) or "applicantworkflows"
    "screening_collection": "bgcresults",
}
# File limits are not published by iCIMS (§2.6, §5); these are the contract's working assumption
# and can be overridden per tenant with the settings `allowed_file_types` and `max_file_bytes`.
ACCEPTED_EXTENSIONS = ("pdf", "doc", "docx", "rtf", "txt", "png", "jpg", "jpeg")
MAX_FILE_BYTES = 10 * 1024 * 1024

SCREENING_STATUSES = ("Sent", "In-Progress Candidate", "In-Progress Vendor", "Complete", "Incomplete")


def format_datetime(value: datetime) -> str:
    """A datetime as iCIMS writes it: 'yyyy-mm-dd hh:mm AM' in UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(DATETIME_FORMAT)


def parse_datetime(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATETIME_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def screening_values(*, status, result, report_url, package, vendor_id) -> dict:
    values: dict = {"bgcorderstatus": status}
    if vendor_id:
        values["bgcorderid"] = str(vendor_id)
    if package:
        values["bgcpackage"] = package
    if result is not None:
        values["bgcresult"] = result
    if report_url:
        values["bgcreporturl"] = report_url
    if status == "Complete":
        values["bgccompleteddate"] = format_datetime(datetime.now(UTC))
    return values


def id_from_location(response, *, required: bool = True) -> int | None:
    """iCIMS answers a create with 201 and `Location: .../{newId}` and no body (§2.2)."""
    location = response.headers.get("Location", "").rstrip("/")
    tail = location.rsplit("/", 1)[-1]
    if tail.isdigit():
        return int(tail)
    if required:
        raise PermanentError("iCIMS created the record but sent no Location with its id", status=response.status_code)
    return None
