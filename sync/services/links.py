"""Links: the identity map that makes writes idempotent and stops echoes.

Every creating write to another system claims its link first (`link_claim`: a unique row in
state "pending"), then calls the vendor, then confirms (`link_confirm`) or, after a definite
refusal, releases it (`link_release`). A second writer finds the claim and skips; the writer
that holds it may retry it. A claim left pending by a call whose outcome is unknown (a timeout,
a dead worker) comes back `uncertain`: read the other system before writing again.
"""

import contextlib
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from integrations.client.errors import TransientError
from sync.models import Link, Outcome

LINKED, PENDING = "linked", "pending"


class ClaimHeld(Exception):
    """Another event or run is creating this object right now: leave it to that writer."""


@dataclass
class Claim:
    link: Link
    uncertain: bool  # an earlier attempt may have written it: read back before writing


def fingerprint(data) -> str:
    """A stable hash of JSON-able content, to tell whether anything changed since the last write."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def link_get(*, object_type: str, source_system: str, source_id: str, target_system: str) -> Link | None:
    """The confirmed link, if any (a pending claim is not a link yet)."""
    return Link.objects.filter(
        object_type=object_type,
        source_system=source_system,
        source_id=str(source_id),
        target_system=target_system,
        state=LINKED,
    ).first()


def link_by_target(*, object_type: str, target_system: str, target_id: str) -> Link | None:
    return Link.objects.filter(
        object_type=object_type, target_system=target_system, target_id=str(target_id), state=LINKED
    ).first()


def link_claim(
    *, flow_key: str, object_type: str, source_system: str, source_id: str, target_system: str, origin: str, owner: str
) -> Claim | None:
    """Claim the link before creating the object in `target_system`; None when it is linked already.

    Raises ClaimHeld while another owner's fresh claim stands. `owner` names the event or run
    ("event:12"), so the same event retried after a timeout gets its own claim back, uncertain.
    """
    key = {"object_type": object_type, "source_system": source_system, "source_id": str(source_id)}
    now = timezone.now()
    try:
        with transaction.atomic():
            link = Link.objects.create(
                **key,
                target_system=target_system,
                flow_key=flow_key,
                origin=origin,
                target_id="",
                state=PENDING,
                claimed_by=owner,
                claimed_at=now,
            )
        return Claim(link, uncertain=False)
    except IntegrityError:
        pass
    with transaction.atomic():
        link = Link.objects.select_for_update().get(**key, target_system=target_system)
        if link.state == LINKED:
            return None
        stale = now - timezone.timedelta(seconds=settings.LINK_CLAIM_STALE_SECONDS)
        if link.claimed_by != owner and link.claimed_at and link.claimed_at > stale:
            raise ClaimHeld(f"{link.claimed_by} is creating this {object_type} right now")
        Link.objects.filter(pk=link.pk).update(claimed_by=owner, claimed_at=now)
    return Claim(link, uncertain=True)


def link_confirm(claim: Claim, *, target_id: str, fingerprint: str = "", data: dict | None = None) -> Link:
    """The write happened: the claim becomes the link."""
    link = claim.link
    link.target_id, link.fingerprint, link.data, link.state = str(target_id), fingerprint, data or {}, LINKED
    Link.objects.filter(pk=link.pk).update(
        target_id=link.target_id, fingerprint=fingerprint, data=link.data, state=LINKED, claimed_by="", claimed_at=None
    )
    return link


def link_release(claim: Claim) -> None:
    """The vendor refused the write for certain: drop the claim so a later attempt may write."""
    Link.objects.filter(pk=claim.link.pk, state=PENDING).delete()


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
            "state": LINKED,
            "claimed_by": "",
            "claimed_at": None,
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


@contextlib.contextmanager
def claimed_write(
    ctx, *, object_type: str, source_system: str, source_id: str, target_system: str, ref: str, action: str
):
    """Claim a link around a creating write; yields the claim, or None when there is nothing to
    write (linked meanwhile, or another writer holds it: both recorded on the run). The body
    confirms with `link_save` or `link_confirm`; a definite refusal releases the claim, an unknown
    outcome (timeout, outage) keeps it, so the retry finds it `uncertain` and reads back first."""
    try:
        claim = link_claim(
            flow_key=ctx.definition.key,
            object_type=object_type,
            source_system=source_system,
            source_id=str(source_id),
            target_system=target_system,
            origin=source_system,
            owner=ctx.owner,
        )
    except ClaimHeld as exc:  # e.g. a webhook and a batch reached the same object
        ctx.skip(f"left to another writer ({exc})", source_ref=ref, action=action)
        claim = None
    else:
        if claim is None:
            ctx.record(source_ref=ref, action=action, outcome=Outcome.UNCHANGED, message="written meanwhile")
    if claim is None:
        yield None
        return
    try:
        yield claim
    except (TransientError, DatabaseError):
        raise
    except Exception:
        link_release(claim)
        raise
