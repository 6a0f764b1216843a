"""What the REST API shows of the mirror: people, compliance, documents, files, checks, references."""

from rest_framework import serializers

from mappings.compliance.models import StaffDocument, StaffDocumentFile, StaffRecord


class PersonSerializer(serializers.ModelSerializer):
    ats_connection = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    credentially_connection = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StaffRecord
        fields = [
            "id",
            "profile_id",
            "credentially_connection",
            "ats_connection",
            "ats_person_id",
            "ats_workflow_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role_name",
            "compliance_status",
            "custom_fields",
            "created_at",
            "updated_at",
            "last_synced_at",
        ]
        read_only_fields = fields


class ComplianceSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="compliance_status")
    tags = serializers.JSONField(source="compliance_tags")

    class Meta:
        model = StaffRecord
        fields = ["id", "profile_id", "status", "tags", "requirements", "onboarding", "updated_at"]


class ChecksSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffRecord
        fields = ["id", "profile_id", "checks", "updated_at"]


class ReferencesSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffRecord
        fields = ["id", "profile_id", "references", "updated_at"]


class FileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = StaffDocumentFile
        fields = [
            "id",
            "file_id",
            "version",
            "file_name",
            "content_type",
            "size",
            "issued",
            "expiry",
            "number",
            "status",
            "reason",
            "seen_at",
            "sent_at",
            "download_url",
        ]

    def get_download_url(self, obj) -> str | None:
        if not obj.content:
            return None
        from django.urls import reverse

        url = reverse("api:file-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DocumentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(source="staff", read_only=True)
    files = FileSerializer(many=True, read_only=True)

    class Meta:
        model = StaffDocument
        fields = [
            "id",
            "person",
            "document_id",
            "type_key",
            "type_name",
            "status",
            "versions",
            "current_file_id",
            "updated_at",
            "files",
        ]
