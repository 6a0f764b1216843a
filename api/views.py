"""REST endpoints over the mirror ("as Crosswalk holds them"). Views only read or queue: no system calls."""

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
from mappings.compliance.models import StaffDocument, StaffDocumentFile, StaffRecord
from mappings.compliance.services import staff_request_update

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
        request=serializers.PersonWriteSerializer,
        responses={202: serializers.PersonWriteSerializer},
        description="Queue profile values to be written to Credentially by a worker (202 Accepted). "
        "Credentially is the source of truth: the change shows here after the next sync.",
    )
    def partial_update(self, request, pk=None):
        staff = self.get_object()
        body = serializers.PersonWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        staff_request_update(staff=staff, values=body.credentially_values())
        return Response(body.validated_data, status=status.HTTP_202_ACCEPTED)

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
