"""The emulated API limit: Docebo allows a number of calls per hour per source address (contract §5),
answering 429 past it. Off unless the sandbox's calls_per_hour is set."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from integrations.docebo.sandbox.models import ApiUsage, PlatformSettings


def seconds_until_allowed(request) -> int | None:
    """Count this call; None when it is within the limit, else the seconds until the next hour."""
    limit = PlatformSettings.load().calls_per_hour
    if not limit:
        return None
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    ip = request.META.get("REMOTE_ADDR", "")
    if not ApiUsage.objects.filter(ip=ip, hour=hour).update(calls=F("calls") + 1):
        ApiUsage.objects.filter(hour__lt=hour).delete()  # past hours no longer matter
        try:
            with transaction.atomic():
                ApiUsage.objects.create(ip=ip, hour=hour, calls=1)
        except IntegrityError:  # another request created the row first
            ApiUsage.objects.filter(ip=ip, hour=hour).update(calls=F("calls") + 1)
    if ApiUsage.objects.get(ip=ip, hour=hour).calls <= limit:
        return None
    return max(1, int(3600 - (now - hour).total_seconds()))
