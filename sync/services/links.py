"""Links: the identity map that makes writes idempotent and stops echoes."""

import hashlib
import json

from django.db import transaction

from sync.models import Link


def fingerprint(data) -> str:
    """A stable hash of JSON-able content, to tell whether anything changed since the last write."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def link_get(*, object_type: str, source_system: str, source_id: str, target_system: str) -> Link | None:
    return Link.objects.filter(
        object_type=object_type, source_system=source_system, source_id=str(source_id), target_system=target_system
    ).first()


def link_by_target(*, object_type: str, target_system: str, target_id: str) -> Link | None:
    return Link.objects.filter(object_type=object_type, target_system=target_system, target_id=str(target_id)).first()


def link_save(
    *,
    flow_key: str,
    object_type: str,
    source_system: str,
    source_id: str,
    target_system: str,
    target_id: str,
    origin: str,
    fingerprint: str = "",
    data: dict | None = None,
) -> Link:
    link, _ = Link.objects.update_or_create(
        object_type=object_type,
        source_system=source_system,
        source_id=str(source_id),
        target_system=target_system,
        defaults={
            "flow_key": flow_key,
            "target_id": str(target_id),
            "origin": origin,
            "fingerprint": fingerprint,
            "data": data or {},
        },
    )
    return link


def link_delete(*, object_type: str, source_system: str, source_id: str, target_system: str) -> int:
    deleted, _ = Link.objects.filter(
        object_type=object_type, source_system=source_system, source_id=str(source_id), target_system=target_system
    ).delete()
    return deleted


def link_data_merge(link: Link, **values) -> dict:
    """Merge keys into the link's data as stored now, not as this worker read it earlier
    (None removes a key). Two workers updating one link do not lose each other's keys."""
    with transaction.atomic():
        fresh = Link.objects.select_for_update().get(pk=link.pk)
        fresh.data = {k: v for k, v in {**fresh.data, **values}.items() if v is not None}
        Link.objects.filter(pk=link.pk).update(data=fresh.data)
    link.data = fresh.data
    return fresh.data
