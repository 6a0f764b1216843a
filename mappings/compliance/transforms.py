"""Field-mapping transforms: a date format or a value map, checked when an admin saves a row."""

from datetime import date, datetime


class TransformError(ValueError):
    """The transform's options cannot work; the message is shown to the admin."""


def check_options(kind: str, options: dict) -> None:
    if not isinstance(options, dict):
        raise TransformError("Options must be a JSON object, e.g. {}.")
    if kind == "date":
        fmt = options.get("format")
        if not fmt or "%" not in str(fmt):
            raise TransformError('A date transform needs a format such as {"format": "%d/%m/%Y"}.')
        try:
            date(2026, 1, 31).strftime(fmt)
        except ValueError as exc:
            raise TransformError(f"Not a usable date format: {exc}") from exc
    elif kind == "value_map":
        if not isinstance(options.get("map"), dict) or not options["map"]:
            raise TransformError('A value map needs {"map": {"FROM": "TO", ...}}.')


def apply(kind: str, options: dict, value):
    """The value as it should be written; unknown kinds copy the value."""
    if value in (None, ""):
        return value
    if kind == "date":
        parsed = _parse_date(value)
        return parsed.strftime(options["format"]) if parsed else value
    if kind == "value_map":
        mapping = options.get("map") or {}
        key = str(value)
        if key in mapping:
            return mapping[key]
        return options.get("default", value)
    return value


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value)
    for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t.replace("Z", "+00:00")).date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None
