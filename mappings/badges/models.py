"""Lookup tables of the Docebo <-> Credly connector, as the seed's three tables.

- IntegrationSetting: the "integration-settings" table (rows keyed CREDLY / <KEY>), typed and
  validated per key by `mappings.badges.conf`.
- BadgeTemplate: "Credly Badge Templates", filled by the template sync, never typed in.
- BadgeMapping: "Credly Integration Mappings", typed in by an admin.
"""

from django.core.exceptions import ValidationError
from django.db import models

from mappings.badges.conf import SETTING_HELP, SettingKey, parse_setting


class IntegrationSetting(models.Model):
    integration = models.CharField(
        max_length=20,
        default="CREDLY",
        editable=False,
        help_text="Which integration the row belongs to (always CREDLY here).",
    )
    key = models.CharField(max_length=64, choices=SettingKey.choices, help_text="Which setting this row holds.")
    value = models.CharField(
        max_length=500, blank=True, help_text="The setting's value; what it means is explained next to it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "badge setting"  # not "integration setting": screening has its settings too
        constraints = [models.UniqueConstraint(fields=["integration", "key"], name="badges_setting_unique_key")]

    def __str__(self) -> str:
        return f"{self.integration} {self.key}"

    @property
    def meaning(self) -> str:
        return SETTING_HELP.get(self.key, "")

    def clean(self) -> None:
        try:
            parse_setting(self.key, self.value)
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from None


class BadgeTemplate(models.Model):
    credly_id = models.CharField(
        max_length=64,
        unique=True,
        verbose_name="badge template id",
        help_text="The template's id in Credly (shown in its Details tab).",
    )
    name = models.CharField(
        max_length=255,
        db_index=True,
        help_text="The template's name in Credly; shown as a choice in Docebo's course field.",
    )
    state = models.CharField(max_length=20, blank=True, help_text="Credly's state: active, archived or draft.")
    is_active = models.BooleanField(
        default=True,
        verbose_name="is active",
        help_text="Off: the template is left out of Docebo's dropdown and no badge of "
        "it is issued or imported. Archived templates are turned off.",
    )
    dropdown_element_id = models.CharField(
        max_length=32,
        blank=True,
        verbose_name="dropdown element id",
        help_text="The id Docebo gave this template's choice in the course additional field. Set by the sync.",
    )
    synced_at = models.DateTimeField(null=True, blank=True, help_text="When the sync last saw it in Credly.")

    class Meta:
        ordering = ["name"]
        verbose_name = "Credly badge template"

    def __str__(self) -> str:
        return self.name


class BadgeMapping(models.Model):
    badge_template_id = models.CharField(
        max_length=64,
        verbose_name="badge template",
        help_text="The Credly badge template this row is about. Pick one the template sync has brought in.",
    )
    badge_template_name = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The template's name, copied when the row is saved."
    )
    learning_plan_id = models.CharField(
        max_length=32,
        blank=True,
        verbose_name="learning plan id",
        help_text="Docebo learning plan whose completion earns this badge (the ID column of Admin Menu > Learning "
        "Plans). Blank: no learning plan.",
    )
    import_as_external_training = models.BooleanField(
        default=False,
        help_text="On: when this badge is issued in Credly, it is added to the learner's external "
        "training in Docebo (and removed when the badge is revoked).",
    )
    certification_code = models.CharField(
        max_length=100,
        blank=True,
        help_text="Code of a Docebo certification awarded when this badge is issued in Credly, and whose awards "
        "issue this badge. Blank: no certification.",
    )
    is_active = models.BooleanField(
        default=True, verbose_name="is active", help_text="Off: the row is ignored by every flow."
    )
    note = models.CharField(
        max_length=300, blank=True, editable=False, help_text="Why the sync turned this row off, if it did."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["badge_template_name", "pk"]
        verbose_name = "Credly badge mapping"

    def __str__(self) -> str:
        target = [
            f"learning plan {self.learning_plan_id}" if self.learning_plan_id else "",
            "external training" if self.import_as_external_training else "",
            f"certification {self.certification_code}" if self.certification_code else "",
        ]
        return f"{self.badge_template_name or self.badge_template_id} <-> {', '.join(t for t in target if t) or '-'}"

    def clean(self) -> None:
        if self.learning_plan_id and not self.learning_plan_id.strip().isdigit():
            raise ValidationError({"learning_plan_id": "A learning plan id is a whole number, e.g. 12."})
        if not (self.learning_plan_id or self.import_as_external_training or self.certification_code):
            raise ValidationError(
                "This row does nothing yet: give a learning plan id, tick 'import as external "
                "training', or give a certification code."
            )


class CourseBadge(BadgeTemplate):
    """No table of its own: the admin's read-only "Course badges" page (which badge each Docebo
    course earns, read from Docebo), given a place and a view permission among the lookup tables."""

    class Meta:
        proxy = True
        verbose_name = "course badge"
        verbose_name_plural = "course badges (set in Docebo)"
