"""The shared store of the per-call counters: one row per sample, incremented by every process."""

from django.db import models


class Sample(models.Model):
    """A counter's value (or a histogram's bucket, sum or count) for one set of labels, summed over
    every process that ever recorded it. Written only by metrics.recorder (an upsert that adds)."""

    name = models.CharField(max_length=120, help_text="The sample's name, e.g. crosswalk_vendor_calls.")
    labels = models.CharField(max_length=255, help_text='Its labels as sorted JSON, e.g. {"system": "credly"}.')
    value = models.FloatField(default=0, help_text="The running total.")

    class Meta:
        db_table = "metrics_sample"  # named in recorder.UPSERT
        constraints = [models.UniqueConstraint(fields=["name", "labels"], name="metrics_sample_unique")]

    def __str__(self) -> str:
        return f"{self.name}{self.labels} {self.value}"
