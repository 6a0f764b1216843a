"""Phase 2: Credentially -> ATS, for one person at a time; webhooks and polling share it.

Per person: read Credentially (six calls), mirror it, send new document versions, map the
values through the field mapping, and PATCH the ATS once with only the objects whose content
hash differs from the one last written (with iCIMS's attachments collection, the new versions'
metadata groups ride in that PATCH: documents_batch.py). A sync with nothing new writes nothing.
"""

from dataclasses import asdict, dataclass, field

from django.forms.models import model_to_dict

from integrations.credentially.payloads import DocumentData
from mappings.compliance import selectors, services
from mappings.compliance.models import Direction
from sync.flows.compliance.ats import adapter_for
from sync.flows.compliance.documents import DocumentsResult, documents_summary, sync_documents
from sync.flows.compliance.documents_batch import planned, prepare_documents, send_batch
from sync.flows.compliance.snapshot import flatten, read_snapshot
from sync.models import Outcome
from sync.services.links import fingerprint

FLOW_KEY = "compliance.sync_back"
ACTION = "sync_to_ats"
READ_KEY = "_read"  # in `written_hashes`: the hash of everything read (and the mapping) at the last full sync


@dataclass
class PersonResult:
    source_ref: str
    target_ref: str
    outcome: str
    message: str = ""
    changed_objects: int = 0
    write_calls: int = 0
    payload: dict = field(default_factory=dict)


class ComplianceClients:
    """One Credentially client and one ATS adapter per connection, reused across people."""

    def __init__(self):
        self._clients: dict[int, object] = {}
        self._adapters: dict[int, object] = {}
        self._rows: dict[int, list] = {}

    def credentially(self, connection):
        if connection.pk not in self._clients:
            self._clients[connection.pk] = connection.client()
        return self._clients[connection.pk]

    def ats(self, connection):
        if connection.pk not in self._adapters:
            self._adapters[connection.pk] = adapter_for(connection)
        return self._adapters[connection.pk]

    def mapping_rows(self, connection) -> list:
        if connection.pk not in self._rows:
            self._rows[connection.pk] = selectors.mappings_for(ats_connection=connection, direction=Direction.TO_ATS)
        return self._rows[connection.pk]

    def spend(self) -> None:
        """Count this batch's ATS calls against each ATS account's daily budget (once per ComplianceClients)."""
        for adapter in self._adapters.values():
            adapter.spend()

    @property
    def calls(self) -> dict:
        return {
            "credentially": sum(c.calls for c in self._clients.values()),
            "ats": sum(a.calls for a in self._adapters.values()),
        }


def sync_person(staff, clients: ComplianceClients) -> PersonResult:
    client = clients.credentially(staff.credentially_connection)
    adapter = clients.ats(staff.ats_connection)
    snap = read_snapshot(client, staff.profile_id)
    # Credentially's profile has no `updated` stamp (its published schema), so what changed is told
    # by content: the same reads under the same mapping as last time write nothing to the ATS or the
    # mirror (no document upsert, no mapping, no hash), only the time of the read.
    read_hash = fingerprint(
        {"read": asdict(snap), "mapping": [model_to_dict(r) for r in clients.mapping_rows(staff.ats_connection)]}
    )
    if staff.written_hashes.get(READ_KEY) == read_hash and not services.files_to_send(staff=staff):
        services.staff_mark_read(staff=staff)  # the time of the read, and nothing else
        return _result(staff, [], DocumentsResult(), 0)
    first = READ_KEY not in staff.written_hashes  # just linked: everything Credentially holds now goes
    documents = [DocumentData.from_api(d) for d in snap.documents if d.get("id")]
    outgoing = []  # versions that go in the person write itself (see documents_batch.py)
    if adapter.batches_documents():
        docs, outgoing = prepare_documents(staff=staff, documents=documents, client=client, adapter=adapter)
    else:
        docs = sync_documents(staff=staff, documents=documents, client=client, adapter=adapter)
    values = {**flatten(snap), "documents.summary": documents_summary(staff, planned(outgoing))}
    services.staff_mirror_save(staff=staff, snapshot=snap, values=values)
    rows = clients.mapping_rows(staff.ats_connection)
    if not snap.phone_field:  # Credentially gives no phone: a `phone` row would blank the ATS's phone
        rows = [r for r in rows if r.credentially_field != "phone"]
    mapped = selectors.by_object(selectors.map_to_ats(ats_connection=staff.ats_connection, values=values, rows=rows))
    hashes = {obj: fingerprint(vals) for obj, vals in mapped.items()}
    changed = sorted(obj for obj, h in hashes.items() if staff.written_hashes.get(obj) != h)
    fields = {k: v for obj in changed for k, v in mapped[obj].items()}
    if outgoing:
        writes = send_batch(staff=staff, adapter=adapter, values=fields, outgoing=outgoing, result=docs)
    else:
        writes = docs.sent + len(docs.not_sent)
        if changed:
            adapter.write_fields(staff.ats_person_id, fields)
            writes += 1
    done = {} if docs.failed else {READ_KEY: read_hash}  # a failed file: look again next time
    if changed or done:
        services.staff_mark_written(staff=staff, hashes={**{obj: hashes[obj] for obj in changed}, **done})
    return _result(staff, changed, docs, writes, first=first)


def _result(staff, changed: list[str], docs, writes: int, *, first: bool = False) -> PersonResult:
    ref, target = staff.profile_id, f"{staff.ats_connection.slug}:{staff.ats_person_id}"
    notes = ["first sync since the link"] if first and (changed or docs.changed) else []
    if changed:
        notes.append("wrote " + ", ".join(changed))
    if docs.sent:
        notes.append(f"sent {docs.sent} file version(s)" + (": every document's current file" if first else ""))
    notes += [f"not sent {n}" for n in docs.not_sent]
    if docs.unavailable:
        notes.append(
            "earlier versions Credentially's API no longer shows (it gives only each document's current file), "
            "so not sent: " + ", ".join(docs.unavailable)
        )
    payload = {"staff": staff.pk}
    if docs.failed:
        return PersonResult(
            ref,
            target,
            Outcome.FAILED,
            "; ".join(notes + [f"failed {f}" for f in docs.failed]),
            len(changed) + docs.changed,
            writes,
            payload,
        )
    if not changed and not docs.changed and not docs.unavailable:
        return PersonResult(ref, target, Outcome.UNCHANGED, "nothing changed", 0, 0, payload)
    return PersonResult(ref, target, Outcome.UPDATED, "; ".join(notes), len(changed) + docs.changed, writes, payload)


def record(ctx, result: PersonResult) -> None:
    ctx.record(
        source_ref=result.source_ref,
        action=ACTION,
        outcome=result.outcome,
        target_ref=result.target_ref,
        message=result.message,
        payload=result.payload,
    )
