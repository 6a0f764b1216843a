"""The engine's rows that name a person, found and erased for "Forget this person" (erasure.py).

A row names the person when a text of it holds one of their needles (the e-mail, a full name, a
long id such as a Credentially profile id), or when it is keyed by one of their (system, id)
pairs: an event's external id, a link's source or target, a record's reference. What goes:
inbox events, the webhook runs of those events with their records, other records, links,
notification lines and admin log entries; batch runs (which concern many people) stay, with
the needles cut out of their message, parameters and checkpoint.

Rows are deleted in batches, each its own short transaction, and selected outside them.
"""

import json

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from sync.flows.registry import all_flows
from sync.models import InboundEvent, Link, Notification, Record, Run, Trigger

BATCH = 500
ERASED = "[erased]"
LONG_ID = 12  # an id this long (a UUID) names one thing; a short number may be anything


def _variants(needles) -> list[str]:
    """Each needle as written, and as JSON stores it (non-ASCII letters escaped as \\uXXXX)."""
    out = set()
    for needle in needles:
        out.add(needle)
        out.add(json.dumps(needle)[1:-1])
    return sorted(out)


def _text_q(fields, needles) -> Q:
    q = Q(pk__in=[])
    for name in fields:
        for needle in _variants(needles):
            q |= Q(**{f"{name}__icontains": needle})
    return q


def _delete(model, ids: list[int]) -> int:
    removed = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            deleted = model.objects.filter(pk__in=ids[start : start + BATCH]).delete()[1]
        removed += deleted.get(model._meta.label, 0)
    return removed


def _json_text(model, *fields):
    return model.objects.annotate(**{f"{f}_text": Cast(f, TextField()) for f in fields})


def events_with_email(email: str) -> int:
    return InboundEvent.objects.filter(email__iexact=email).count()


def _event_ids(person) -> list[int]:
    q = Q(email__iexact=person.email) | _text_q(
        ["payload_text", "last_error", "error_detail", "external_id"], person.needles()
    )
    for system, ref in person.refs:
        q |= Q(connection__system=system, external_id=ref)
    return list(_json_text(InboundEvent, "payload").filter(q).values_list("pk", flat=True))


def _flows_touching(system: str) -> list[str]:
    return [d.key for d in all_flows() if system in (d.source, d.target)]


def _record_ids(person) -> list[int]:
    q = _text_q(["payload_text", "message", "error_detail", "source_ref", "target_ref"], person.needles())
    for system, ref in person.refs:  # the forms flows write refs in: "51", "user:51", "51:course:3"
        refs = Q(source_ref=ref) | Q(target_ref=ref) | Q(source_ref=f"user:{ref}") | Q(source_ref__startswith=f"{ref}:")
        q |= Q(run__flow__key__in=_flows_touching(system)) & refs
    return list(_json_text(Record, "payload").filter(q).values_list("pk", flat=True))


def _link_q(person) -> Q:
    """Links naming the person, or keyed by their ids: "51", "51:course:3:<template>", "<account>:51".

    A short id (a number) matches only as the source or inside a composite key: a bare number
    as a target may be anything of that system (a Docebo field option has ids too)."""
    q = _text_q(["data_text"], person.needles())
    for system, ref in person.refs:
        q |= Q(source_system=system) & (
            Q(source_id=ref) | Q(source_id__startswith=f"{ref}:") | Q(source_id__endswith=f":{ref}")
        )
        q |= Q(target_system=system, target_id__endswith=f":{ref}")
        if len(ref) >= LONG_ID:
            q |= Q(target_system=system, target_id=ref)
    return q


def _scrub(value, needles):
    if isinstance(value, str):
        for needle in needles:
            start = value.lower().find(needle.lower())
            while start >= 0:
                value = value[:start] + ERASED + value[start + len(needle) :]
                start = value.lower().find(needle.lower(), start + len(ERASED))
        return value
    if isinstance(value, dict):
        return {_scrub(k, needles): _scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    return value


def _scrub_runs(person) -> int:
    """Batch runs concern many people: they stay, without the person's e-mail, names or ids."""
    needles = person.needles()
    q = _text_q(["message", "error_detail", "params_text", "checkpoint_text"], needles)
    runs = list(_json_text(Run, "params", "checkpoint").filter(q))
    for run in runs:
        Run.objects.filter(pk=run.pk).update(
            message=_scrub(run.message, needles),
            error_detail=_scrub(run.error_detail, needles),
            params=_scrub(run.params, needles),
            checkpoint=_scrub(run.checkpoint, needles),
        )
    return len(runs)


def _links_of(person, rounds: int = 3) -> list[Link]:
    """Their links, and the ids on their other sides: a badge found through the learner's Docebo id
    leads to its external training link. Only distinctive ids (a UUID) are followed: a short number
    on the other side may also be someone else's id."""
    for _ in range(rounds):
        links = list(_json_text(Link, "data").filter(_link_q(person)))
        sides = {(link.source_system, link.source_id) for link in links}
        sides |= {(link.target_system, link.target_id) for link in links}
        found = {(system, ref) for system, ref in sides if len(ref) >= LONG_ID} - person.refs
        if not found:
            return links
        person.refs |= found
    return list(_json_text(Link, "data").filter(_link_q(person)))


def engine_erase(person) -> dict[str, int]:
    """Erase the engine's rows naming the person; returns how many of each kind went."""
    counts: dict[str, int] = {}
    links = _links_of(person)
    event_ids = _event_ids(person)
    webhook_runs = list(
        Run.objects.filter(event_id__in=event_ids, trigger=Trigger.WEBHOOK).values_list("pk", flat=True)
    )
    counts["records"] = Record.objects.filter(run_id__in=webhook_runs).count()
    counts["runs"] = _delete(Run, webhook_runs)
    counts["events"] = _delete(InboundEvent, event_ids)
    counts["records"] += _delete(Record, _record_ids(person))
    counts["links"] = _delete(Link, [link.pk for link in links])
    notes = Notification.objects.filter(_text_q(["line", "subject"], person.needles()))
    counts["notifications"] = _delete(Notification, list(notes.values_list("pk", flat=True)))
    log = LogEntry.objects.filter(_text_q(["object_repr", "change_message"], person.needles()))
    counts["admin_log"] = _delete(LogEntry, list(log.values_list("pk", flat=True)))
    counts["runs_scrubbed"] = _scrub_runs(person)
    return counts
