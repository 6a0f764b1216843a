"""Profile values written to Credentially through the REST API: a flow with runs, records, retries, replay.

What Credentially's API changes on a staff member after creation (contract §2.2, `PATCH
/api/profile`): the registration number and custom profile fields; the phone only where the
organisation keeps it in a custom field (the connection's `phone_field`: the profile has no phone).
Names, e-mail, birth date, gender and role are set at creation only, so the REST API refuses them
with that reason, as it refuses a custom field Credentially does not have (its metadata lists them).

A request is merged into the person's `pending_update` (the latest value of a field wins, whatever
order workers take requests in) and stored as a signed hub event on the Credentially connection.
The handler writes everything pending for the person in one PATCH, clears what it sent and queues a
sync-back, so the mirror and the ATS show what Credentially now holds. An outage retries the event
with backoff (dead after the last attempt, with an e-mail); a refusal is a failed record to replay.
"""

from datetime import timedelta

from django.utils import timezone

from integrations.client.errors import NotFound, PermanentError
from integrations.webhooks import PayloadError
from mappings.compliance import services
from mappings.compliance.models import ProfileFieldCatalogue, StaffRecord
from sync.flows.compliance.hub_events import hub_event_data, hub_event_find, hub_event_store
from sync.flows.compliance.staff_creation import sync_back_soon
from sync.models import Outcome

FLOW_KEY = "compliance.profile_to_credentially"
PROFILE_UPDATE = "crosswalk.profile_update"
ACTION = "update_profile"
CATALOGUE_MAX_AGE = timedelta(hours=1)
CATALOGUE_REREAD = timedelta(minutes=1)  # a name not in the list: read it again, at most this often
REGISTRATION = "registrationNumber"  # the one non-custom key of `pending_update`
# Mapped profile fields (mappings/compliance/catalogue.py) Credentially takes only when creating.
CREATION_ONLY = {
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail",
    "birth_date": "date of birth",
    "gender": "gender",
    "role": "role",
}
JSON_TYPES = {"string": str, "number": (int, float), "integer": int, "boolean": bool, "array": list, "object": dict}


class FieldRefused(PermanentError):
    """Credentially does not have (or would not take) a custom field named in a write."""


def custom_fields_of(connection, *, client=None, names=(), refresh: bool = False) -> dict[str, dict]:
    """{short name: JSON schema} of the organisation's custom profile fields. Read again from
    Credentially when asked (`refresh`), never read, older than CATALOGUE_MAX_AGE, or when it lacks
    one of `names` (a field added in Credentially since) and is older than CATALOGUE_REREAD."""
    row = ProfileFieldCatalogue.objects.filter(connection=connection).first()
    if row is not None and not refresh:
        age = timezone.now() - row.read_at
        if age < CATALOGUE_MAX_AGE and (set(names) <= set(row.fields) or age < CATALOGUE_REREAD):
            return row.fields
    fields = (client or connection.client()).list_profile_fields()
    return services.profile_fields_save(connection=connection, fields=fields).fields


def value_problem(schema: dict, value) -> str:
    """Why Credentially's JSON schema for a custom field would not take `value` ("" when it would)."""
    kind = (schema or {}).get("type")
    expected = JSON_TYPES.get(kind) if isinstance(kind, str) else None
    if value is None or expected is None:
        return ""
    if (isinstance(value, bool) and kind != "boolean") or not isinstance(value, expected):
        return f"expects a value of type {kind}, not {type(value).__name__}"
    if kind == "string" and schema.get("format") == "date":
        try:
            timezone.datetime.fromisoformat(value)
        except ValueError:
            return "expects a date as YYYY-MM-DD"
    return ""


def write_request(*, staff: StaffRecord, values: dict, key: str = ""):
    """Merge `values` ({registrationNumber | custom field: value}) into what waits for the person
    and queue the write; returns the event (its id and status are the request's outcome). A request
    repeated with the same `key` (a client's retry after a timeout) gets the first one's event."""
    dedupe = f"api:{staff.pk}:{key}" if key else ""
    earlier = hub_event_find(connection=staff.credentially_connection, dedupe_key=dedupe) if dedupe else None
    if earlier is not None:
        return earlier
    services.staff_request_update(staff=staff, values=values)
    event, _ = hub_event_store(
        connection=staff.credentially_connection,
        event_type=PROFILE_UPDATE,
        data={"staff": staff.pk, "profile_id": staff.profile_id, "values": values},
        external_id=staff.profile_id,
        email=staff.email,
        dedupe_key=dedupe,
    )
    return event


def on_update_event(ctx, event) -> None:
    try:
        data = hub_event_data(event)
    except PayloadError as exc:  # not ours: act on nothing, retry nothing
        ctx.record(source_ref=str(event.pk), action=ACTION, outcome=Outcome.FAILED, message=str(exc))
        return
    staff = StaffRecord.objects.select_related("credentially_connection").filter(pk=data["staff"]).first()
    if staff is None:
        ctx.skip("the person is no longer in the hub (forgotten)", source_ref=data.get("profile_id", ""), action=ACTION)
        return
    ctx.read()
    ctx.entity(
        source_ref=staff.profile_id,
        action=ACTION,
        payload={"staff": staff.pk, "values": data.get("values") or {}},
        fn=lambda: write_pending(ctx, staff),
    )


def replay(ctx, payload: dict) -> None:
    """Ask again for the values of a failed write (merged with anything asked since), then write."""
    staff = StaffRecord.objects.select_related("credentially_connection").get(pk=payload["staff"])
    services.staff_request_update(staff=staff, values=payload.get("values") or {})
    ctx.entity(source_ref=staff.profile_id, action=ACTION, payload=payload, fn=lambda: write_pending(ctx, staff))


def _patch(client, staff: StaffRecord, registration, custom: dict) -> dict:
    """PATCH the profile, which Credentially finds by e-mail: when that e-mail changed in Credentially
    since the last sync (404), the profile is read by id and the write made under its e-mail now."""
    try:
        return client.update_profile_fields(email=staff.email, registration_number=registration, fields=custom)
    except NotFound:
        current = client.get_profile(staff.profile_id).get("email") or ""
        if not current or current.lower() == staff.email.lower():
            raise
        return client.update_profile_fields(email=current, registration_number=registration, fields=custom)


def write_pending(ctx, staff: StaffRecord) -> None:
    staff.refresh_from_db(fields=["pending_update", "email"])
    values = dict(staff.pending_update)
    if not values:
        ctx.record(
            source_ref=staff.profile_id,
            action=ACTION,
            outcome=Outcome.UNCHANGED,
            message="nothing waiting: an earlier request wrote these values already",
        )
        return
    client = staff.credentially_connection.client()
    custom = {k: v for k, v in values.items() if k != REGISTRATION}
    known = custom_fields_of(staff.credentially_connection, client=client, names=custom)
    unknown = sorted(set(custom) - set(known))
    if unknown:
        services.staff_clear_pending(staff=staff, sent={k: values[k] for k in unknown})  # never sent: it would fail
        raise FieldRefused(
            f"Credentially has no custom field {', '.join(unknown)} (it has: {', '.join(sorted(known)) or 'none'}); "
            "nothing was written. Correct the request, or ask Credentially to add the field, then replay this record."
        )
    answer = _patch(client, staff, values.get(REGISTRATION), custom)
    result = answer.get("customFieldUpdateResult")
    services.staff_clear_pending(staff=staff, sent=values)
    if result not in (None, "", "SUCCESS"):
        raise FieldRefused(
            f"Credentially took the request but not its custom fields ({result}); replay this record once fixed"
        )
    ctx.record(
        source_ref=staff.profile_id,
        action=ACTION,
        outcome=Outcome.UPDATED,
        target_ref=staff.profile_id,
        message="wrote " + ", ".join(sorted(k if k == REGISTRATION else f"custom.{k}" for k in values)),
        payload={"staff": staff.pk, "values": values},
    )
    sync_back_soon(staff.profile_id, staff.credentially_connection)
