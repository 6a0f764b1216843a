"""Other Certn regions of an integration: a customer hiring in Canada and the UK orders each
package from the Certn account of the package's region (a Certn account lives in one region)."""

from django.core.exceptions import ValidationError
from django.db import models

from integrations.models import Connection
from mappings.screening.models.lookups import ScreeningSettings, connection_region


class CertnRegion(models.Model):
    """A Certn account in another region, for a customer hiring in more than one (Canada and the UK)."""

    settings = models.ForeignKey(
        ScreeningSettings,
        on_delete=models.CASCADE,
        related_name="other_regions",
        help_text="The integration that also orders from this region.",
    )
    certn_connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"system": "certn"},
        verbose_name="Certn connection",
        help_text="The Certn account of that region: packages of its region are ordered from it.",
    )
    default_group_id = models.UUIDField(
        null=True,
        blank=True,
        verbose_name="default group id",
        help_text="The group of this account every check ordered there is assigned to (Certn: Settings > "
        "Groups). Blank: the account's main group. Groups are per account, so each region has its own.",
    )
    default_group_name = models.CharField(max_length=200, blank=True, help_text="The group's name, to recognise it.")

    class Meta:
        verbose_name = "other Certn region"
        ordering = ["settings", "certn_connection__region"]
        constraints = [models.UniqueConstraint(fields=["settings", "certn_connection"], name="region_connection_once")]

    def __str__(self) -> str:
        return f"{self.certn_connection.name} ({self.region})"

    @property
    def region(self) -> str:
        return connection_region(self.certn_connection)

    def clean(self) -> None:
        if not self.certn_connection_id or not self.settings_id:
            return
        if self.certn_connection.system != "certn":
            raise ValidationError({"certn_connection": "Choose a Certn connection."})
        if self.region == self.settings.certn_region:
            raise ValidationError(
                {"certn_connection": f"Certn {self.region} is the integration's main region already."}
            )
        others = self.settings.other_regions.exclude(pk=self.pk).select_related("certn_connection")
        if any(o.region == self.region for o in others):
            raise ValidationError(
                {"certn_connection": f"The integration has a Certn {self.region} connection already."}
            )
