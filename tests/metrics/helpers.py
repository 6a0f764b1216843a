"""Reading a /metrics answer back into numbers, as Prometheus would."""

from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict:
    """{(sample name, ((label, value), ...)): value} for every sample in the answer."""
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(found: dict, name: str, **labels) -> float | None:
    return found.get((name, tuple(sorted(labels.items()))))
