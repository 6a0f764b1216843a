"""The record kept of each "Forget this person": who asked, when, how, and what was erased.

The e-mail itself is not kept: only a keyed hash of it (integrations.crypto.keyed_hash), so an
admin can still answer "was this person erased?" by hashing the address again. While the erasure
waits for a worker, the e-mail and names it needs are held encrypted, and emptied when it is done.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ErasureStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Erasing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (see the message; run it again)"


class Erasure(models.Model):
    """One request to erase a person's data from the hub (not from the systems it connects)."""

    email_hash = models.CharField(
        max_length=64,
        db_index=True,
        editable=False,
        help_text="A keyed hash of the person's e-mail; the e-mail itself is not kept.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_name = models.CharField(
        max_length=150, blank=True, help_text="Who asked (their username, kept if the user is deleted)."
    )
    via = models.CharField(max_length=20, help_text="Where it was asked: admin, api or command.")
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.QUEUED, db_index=True)
    counts = models.JSONField(default=dict, blank=True, help_text="What was erased, per kind of row.")
    message = models.TextField(blank=True, help_text="Why it failed, if it did.")
    sealed_subject = models.TextField(
        blank=True,
        editable=False,
        help_text="The e-mail and names to erase, encrypted, while the erasure waits; emptied when done.",
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "erasure (forget this person)"
        verbose_name_plural = "erasures (forget this person)"
        permissions = [("erase_person", "Can erase a person's data from the hub")]

    def __str__(self) -> str:
        return f"Erasure #{self.pk} ({self.get_status_display()})"
