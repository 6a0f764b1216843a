"""REST endpoints over the mirror ("as Crosswalk holds them"). Views read or queue; the one system call
is the write path's read of Credentially's custom-field list (first write, then at most hourly, or once a
minute when a write names a field the list lacks), which a 400 naming unknown fields depends on."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.filters import UPDATED_SINCE, filter_updated_since
from api.permissions import MirrorPermission
from api.writes import PersonWriteSerializer, WriteSerializer, write_status
from integrations.client.errors import ClientError
from mappings.compliance.models import StaffDocument, StaffDocumentFile, StaffRecord
from sync.flows.compliance.profile_writes import PROFILE_UPDATE, custom_fields_of, write_request
from sync.models import InboundEvent

PERSON_FILTERS = [
    UPDATED_SINCE,
    OpenApiParameter("compliance_status", str, description="COMPLIANT or NOT_COMPLIANT."),
    OpenApiParameter("email", str, description="Exact e-mail address (case-insensitive)."),
    OpenApiParameter("ats_person_id", str, description="The candidate's id in the ATS."),
]


@extend_schema(tags=["people"])
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People created in Credentially from the ATS, with what Crosswalk last read of them."""

    queryset = StaffRecord.objects.select_related("ats_connection", "credentially_connection").order_by("pk")
    serializer_class = serializers.PersonSerializer
    permission_classes = [MirrorPermission]

    def get_queryset(self):
        qs = filter_updated_since(super().get_queryset(), self.request)
        params = self.request.query_params
        if params.get("compliance_status"):
            qs = qs.filter(compliance_status=params["compliance_status"])
        if params.get("email"):
            qs = qs.filter(email__iexact=params["email"])
        if params.get("ats_person_id"):
            qs = qs.filter(ats_person_id=params["ats_person_id"])
        return qs

    @extend_schema(parameters=PERSON_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=PersonWriteSerializer,
        responses={202: WriteSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="Send the same key again (e.g. after a timeout) and the write is not asked twice.",
            )
        ],
        description="Queue profile values to be written to Credentially by a worker (202 Accepted): registration "
        "number, phone (where Credentially keeps it in a custom field) and custom fields. Any other field, a "
        "custom field Credentially lacks or a value of the wrong type: 400 naming it. The answer is the write "
        "request; GET /api/people/<id>/writes/ says what became of it. Credentially is the source of truth: the "
        "values show on the person after the sync that follows the write.",
    )
    def partial_update(self, request, pk=None):
        staff = self.get_object()
        names = (request.data.get("custom_fields") or {}) if isinstance(request.data, dict) else {}
        try:
            known = custom_fields_of(staff.credentially_connection, names=names if isinstance(names, dict) else {})
        except ClientError as exc:
            detail = f"Crosswalk could not read Credentially's list of custom fields to check this write ({exc})."
            return Response(
                {"detail": detail + " Nothing was queued; try again in a minute."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": "60"},
            )
        body = PersonWriteSerializer(data=request.data, context={"staff": staff, "custom_fields": known})
        body.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "")[:100]
        event = write_request(staff=staff, values=body.credentially_values(), key=key)
        return Response(write_status(event), status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=WriteSerializer(many=True))
    @action(detail=True)
    def writes(self, request, pk=None):
        """This person's write requests, newest first (the last 50), with what became of each."""
        staff = self.get_object()
        events = InboundEvent.objects.filter(
            connection=staff.credentially_connection, event_type=PROFILE_UPDATE, external_id=staff.profile_id
        ).order_by("-pk")[:50]
        return Response([write_status(e) for e in events])

    @extend_schema(responses=serializers.ComplianceSerializer)
    @action(detail=True)
    def compliance(self, request, pk=None):
        return Response(serializers.ComplianceSerializer(self.get_object()).data)

    @extend_schema(responses=serializers.ChecksSerializer)
    @action(detail=True)
    def checks(self, request, pk=None):
        return Response(serializers.ChecksSerializer(self.get_object()).data)

    @extend_schema(responses=serializers.ReferencesSerializer)
    @action(detail=True)
    def references(self, request, pk=None):
        return Response(serializers.ReferencesSerializer(self.get_object()).data)


@extend_schema(
    tags=["documents"],
    parameters=[
        UPDATED_SINCE,
        OpenApiParameter("person", int, description="Only this person's documents (their id here)."),
    ],
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents with every file version Crosswalk has seen, their metadata and send status."""

    queryset = StaffDocument.objects.prefetch_related("files").order_by("pk")
    serializer_class = serializers.DocumentSerializer
    permission_classes = [MirrorPermission]

    def get_queryset(self):
        qs = filter_updated_since(super().get_queryset(), self.request)
        person = self.request.query_params.get("person")
        if person:
            qs = qs.filter(staff_id=person) if person.isdigit() else qs.none()
        return qs


@extend_schema(tags=["documents"])
class FileDownloadView(APIView):
    """The bytes of one file version, as downloaded from Credentially."""

    queryset = StaffDocumentFile.objects.all()
    permission_classes = [MirrorPermission]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        version = StaffDocumentFile.objects.filter(pk=pk).first()
        if version is None or not version.content:
            raise Http404("no stored file with this id")
        return FileResponse(
            version.content.open("rb"),
            as_attachment=True,
            filename=version.file_name or f"{version.file_id}",
            content_type=version.content_type or "application/octet-stream",
        )
