""" "Forget this person": erase a person's data from the hub (never from the systems it connects).

An erasure is asked for by e-mail (the admin's staff list or its e-mail page, the REST API); it is
stored (`Erasure`: who, when, a keyed hash of the e-mail, later the counts) and a worker does it,
so a long erase never runs inside a request. The e-mail and names wait encrypted in the row and
are emptied when it is done. The sweep re-queues an erasure whose worker died; erasing is
idempotent, so running it twice erases nothing more.

Who the person is: their e-mail, the names and ids the connectors know them by (finders: the
compliance mirror adds names, the Credentially profile id and the ATS person id). What goes: the
engine's rows naming them (sync/services/erasure_rows.py) and what connectors register (erasers:
the compliance mirror rows and their document files).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from integrations.crypto import decrypt_json, encrypt_json, keyed_hash
from sync.models import Erasure, ErasureStatus
from sync.queue import ERASE_PERSON, enqueue, enqueue_on_commit
from sync.services import erasure_rows

logger = logging.getLogger("crosswalk.sync")
ACTIVE = [ErasureStatus.QUEUED, ErasureStatus.RUNNING]
STALE_AFTER = timedelta(minutes=10)  # a running erasure not finished by then lost its worker


@dataclass
class Person:
    """Whom to erase: the e-mail, and the full names and (system, id) pairs known for them."""

    email: str
    names: set[str] = field(default_factory=set)
    refs: set[tuple[str, str]] = field(default_factory=set)

    def needles(self) -> list[str]:
        """Strings whose presence in a text names the person: the e-mail, full names, long ids."""
        ids = {ref for _, ref in self.refs if len(ref) >= erasure_rows.LONG_ID}  # a UUID names one; "51" not
        return sorted({self.email, *(n for n in self.names if len(n) >= 5), *ids})


_FINDERS: list[Callable[[Person], None]] = []
_ERASERS: dict[str, Callable[[Person], dict[str, int]]] = {}


def register_person_finder(finder: Callable[[Person], None]) -> None:
    """A connector adds the names and ids it knows the person by (before anything is erased)."""
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def register_person_eraser(name: str, eraser: Callable[[Person], dict[str, int]]) -> None:
    """A connector erases its own rows and files about the person; returns counts per kind."""
    _ERASERS[name] = eraser


def email_hash(email: str) -> str:
    return keyed_hash(normalise_email(email))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def person_identify(*, email: str, names=()) -> Person:
    person = Person(email=normalise_email(email), names={n.strip() for n in names if n and n.strip()})
    for finder in _FINDERS:
        finder(person)
    return person


def erasure_request(*, email: str, names=(), requested_by=None, via: str) -> Erasure:
    """Record the request and queue the erase; an erasure already waiting for this e-mail is reused."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValueError(f"not an e-mail address: {email!r}") from exc
    digest = email_hash(email)
    waiting = Erasure.objects.filter(email_hash=digest, status__in=ACTIVE).first()
    if waiting is not None:
        return waiting
    erasure = Erasure.objects.create(
        email_hash=digest,
        requested_by=requested_by if getattr(requested_by, "pk", None) else None,
        requested_by_name=getattr(requested_by, "username", "") or "",
        via=via,
        sealed_subject=encrypt_json({"email": email, "names": sorted(set(names))}),
    )
    logger.info("erasure_requested id=%s via=%s by=%s", erasure.pk, via, erasure.requested_by_name)
    enqueue_on_commit(ERASE_PERSON, erasure.pk)
    return erasure


def erasure_preview(*, email: str) -> dict:
    """What the confirmation page shows: the names found, and the inbox events carrying the e-mail."""
    person = person_identify(email=email)
    return {"names": sorted(person.names), "events": erasure_rows.events_with_email(person.email)}


def erasure_execute(*, erasure_id: int) -> str | None:
    """Erase the person of one erasure; safe to run twice. Returns the final status."""
    claimed = Erasure.objects.filter(pk=erasure_id).filter(
        Q(status__in=[ErasureStatus.QUEUED, ErasureStatus.FAILED])
        | Q(status=ErasureStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
    )
    if not claimed.update(status=ErasureStatus.RUNNING, started_at=timezone.now()):
        return None
    erasure = Erasure.objects.get(pk=erasure_id)
    try:
        subject = decrypt_json(erasure.sealed_subject)
        person = person_identify(email=subject["email"], names=subject.get("names", ()))
        counts = erasure_rows.engine_erase(person)
        for eraser in _ERASERS.values():
            counts.update(eraser(person))
    except Exception as exc:  # kept as failed, with the sealed subject, for "Run again"
        logger.exception("erasure_failed id=%s", erasure_id)
        message = f"{type(exc).__name__}; see the worker's log for erasure #{erasure_id}"  # no personal data here
        Erasure.objects.filter(pk=erasure_id).update(status=ErasureStatus.FAILED, message=message)
        return ErasureStatus.FAILED
    merged = {k: erasure.counts.get(k, 0) + counts.get(k, 0) for k in {*erasure.counts, *counts}}
    Erasure.objects.filter(pk=erasure_id).update(
        status=ErasureStatus.DONE, finished_at=timezone.now(), counts=merged, sealed_subject="", message=""
    )
    logger.info("erasure_done id=%s counts=%s", erasure_id, merged)
    return ErasureStatus.DONE


def erasures_retry(*, erasure_ids: list[int]) -> int:
    """Queue failed erasures again (their e-mail is still sealed in the row); returns how many."""
    failed = list(Erasure.objects.filter(pk__in=erasure_ids, status=ErasureStatus.FAILED).values_list("pk", flat=True))
    for pk in failed:
        enqueue_on_commit(ERASE_PERSON, pk)
    return len(failed)


def erasures_requeue(*, now: datetime | None = None) -> int:
    """Nudge a worker for erasures whose queue message was lost or whose worker died."""
    now = now or timezone.now()
    due = Q(status=ErasureStatus.QUEUED, requested_at__lt=now - timedelta(minutes=1)) | Q(
        status=ErasureStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    ids = list(Erasure.objects.filter(due).values_list("pk", flat=True)[:100])
    for pk in ids:
        enqueue(ERASE_PERSON, pk)
    return len(ids)
