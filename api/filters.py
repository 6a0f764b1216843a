"""Query filters shared by the API's lists: `updated_since` and a few exact matches."""

from datetime import UTC, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    datetime,
    description="Only items changed at or after this time (ISO 8601, e.g. 2026-11-23T10:00:00Z, or a date).",
)


def parse_since(raw: str) -> datetime:
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise ValidationError({"updated_since": "Use an ISO 8601 date or date-time, e.g. 2026-11-23T10:00:00Z."})
        value = datetime.combine(day, time.min)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def filter_updated_since(queryset, request, field: str = "updated_at"):
    raw = request.query_params.get("updated_since")
    if not raw:
        return queryset
    return queryset.filter(**{f"{field}__gte": parse_since(raw)})
