"""The REST API's write path: which profile values a client may send, and what became of a write.

Every value Credentially's API can change on a staff member is accepted (its registration number,
its custom fields, and the phone where the organisation keeps it in a custom field); anything else
is refused with a 400 naming it: mapped profile fields Credentially sets only at creation (names,
e-mail, birth date, gender, role), custom fields Credentially does not have, values of the wrong
type, and keys nobody knows. Accepted values are written by the flow "REST API -> Credentially".
"""

from rest_framework import serializers

from sync.flows.compliance.profile_writes import CREATION_ONLY, REGISTRATION, value_problem
from sync.models import Record

CREATION_ONLY_MESSAGE = (
    "Credentially's API sets the {} only when it creates a staff member (its update takes the registration "
    "number and custom fields): change it in Credentially."
)


class PersonWriteSerializer(serializers.Serializer):
    """Profile values to write to the person in Credentially. Context: `staff`, `custom_fields`
    ({short name: JSON schema} of the organisation's custom fields)."""

    registration_number = serializers.CharField(
        required=False, max_length=64, help_text="Professional registration number (NMC PIN, GMC number)."
    )
    phone = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Phone number. Credentially keeps no phone on a profile: it goes to the custom field named by "
        "the Credentially connection's setting `phone_field`, and is refused when that is not set.",
    )
    custom_fields = serializers.DictField(
        required=False,
        child=serializers.JSONField(allow_null=True),
        help_text='Credentially custom fields by short name, e.g. {"atsPlacementId": "88431"}; each must exist in '
        "Credentially and have the type its schema says.",
    )

    def validate(self, attrs):
        errors = {}
        for key in sorted(set(self.initial_data) - set(self.fields)):
            errors[key] = [
                CREATION_ONLY_MESSAGE.format(CREATION_ONLY[key])
                if key in CREATION_ONLY
                else f"Unknown field. Send only: {', '.join(self.fields)}."
            ]
        known: dict = self.context["custom_fields"]
        custom_errors = {
            name: [_custom_problem(name, value, known)]
            for name, value in (attrs.get("custom_fields") or {}).items()
            if _custom_problem(name, value, known)
        }
        if custom_errors:
            errors["custom_fields"] = custom_errors
        if "phone" in attrs:
            phone_field = self.context["staff"].credentially_connection.setting("phone_field") or ""
            if not phone_field:
                errors["phone"] = [
                    "Credentially keeps no phone on a profile and this Credentially connection names no custom "
                    "field for it: set `phone_field` in the connection's settings, or send the custom field."
                ]
            elif phone_field not in known:
                errors["phone"] = [f"The phone goes to the custom field {phone_field!r}, which Credentially lacks."]
        if errors:
            raise serializers.ValidationError(errors)
        if not attrs:
            raise serializers.ValidationError("Send registration_number, phone and/or custom_fields.")
        return attrs

    def credentially_values(self) -> dict:
        """{registrationNumber | custom field short name: value}, as the flow writes them."""
        values = dict(self.validated_data.get("custom_fields") or {})
        if "phone" in self.validated_data:
            values[self.context["staff"].credentially_connection.setting("phone_field")] = self.validated_data["phone"]
        if "registration_number" in self.validated_data:
            values[REGISTRATION] = self.validated_data["registration_number"]
        return values


def _custom_problem(name: str, value, known: dict) -> str:
    if name not in known:
        return f"Credentially has no custom field {name!r} (it has: {', '.join(sorted(known)) or 'none'})."
    problem = value_problem(known[name], value)
    return f"Credentially's field {name!r} {problem}." if problem else ""


class WriteSerializer(serializers.Serializer):
    """A write request and what became of it (the event in the inbox, and its run's record)."""

    id = serializers.IntegerField(help_text="The write's event id (admin: Sync > Events).")
    status = serializers.CharField(help_text="received, processing, retrying, succeeded, dead or held.")
    received_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    values = serializers.DictField(help_text="The values asked for, as written to Credentially.")
    outcome = serializers.CharField(allow_blank=True, help_text="The record: updated, unchanged or failed.")
    message = serializers.CharField(allow_blank=True, help_text="What was written, or why it was not.")


def write_status(event) -> dict:
    record = Record.objects.filter(run__event=event).order_by("-id").first()
    return {
        "id": event.pk,
        "status": event.status,
        "received_at": event.received_at,
        "processed_at": event.processed_at,
        "values": (event.payload or {}).get("values") or {},
        "outcome": record.outcome if record else "",
        "message": record.message if record else event.last_error,
    }
