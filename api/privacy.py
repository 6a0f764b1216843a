"""REST API for "Forget this person": ask for an erasure (queued for a worker) and follow it.

`POST /api/erasures/ {"email": ..., "names": [...]}` answers 202 with the erasure; the caller needs
the `sync.erase_person` permission (Integration admins have it). The answer and `GET
/api/erasures/<id>/` never carry the e-mail: only who asked, when, the status and what was erased.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from sync.models import Erasure
from sync.services.erasure import erasure_request


class ErasurePermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("sync.erase_person"))


class ErasureRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The person's e-mail, as the hub holds it (case does not matter).")
    names = serializers.ListField(
        child=serializers.CharField(max_length=240),
        required=False,
        default=list,
        help_text="Full names to erase too, beyond those the hub finds for this e-mail.",
    )


class ErasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Erasure
        fields = ["id", "status", "via", "requested_by_name", "requested_at", "started_at", "finished_at", "counts"]


@extend_schema(tags=["privacy"])
class ErasureViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Erase a person's data from the hub (never from the connected systems); a worker does it."""

    queryset = Erasure.objects.all()
    serializer_class = ErasureSerializer
    permission_classes = [ErasurePermission]

    @extend_schema(
        request=ErasureRequestSerializer,
        responses={202: ErasureSerializer},
        description="Queue the erasure of everything the hub holds about this person (202 Accepted): inbox "
        "events, runs and records, links, notification lines, the compliance mirror and its document files. "
        "An erasure already waiting for the same e-mail is answered instead of a new one.",
    )
    def create(self, request, *args, **kwargs):
        body = ErasureRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        erasure = erasure_request(
            email=body.validated_data["email"], names=body.validated_data["names"], requested_by=request.user, via="api"
        )
        return Response(ErasureSerializer(erasure).data, status=status.HTTP_202_ACCEPTED)
