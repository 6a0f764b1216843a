"""Links (the identity map between systems) and the failure e-mails waiting or sent."""

from django.contrib import admin

from sync.admin.base import ReadOnlyAdmin
from sync.models import Link, Notification


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = [
        "object_type",
        "source_system",
        "source_id",
        "target_system",
        "target_id",
        "origin",
        "flow_key",
        "state",
        "updated_at",
    ]
    list_filter = ["state", "object_type", "source_system", "target_system", "origin", "flow_key"]
    search_fields = ["source_id", "target_id"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "flow_key", "subject", "sent_at"]
    list_filter = ["flow_key", "sent_at", "created_at"]
    search_fields = ["recipient", "line", "subject"]
