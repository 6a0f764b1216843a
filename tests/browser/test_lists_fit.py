"""Every admin list fits a 1366 px laptop screen: no horizontal scrolling, the filter sidebar in view.

The demo's data, then the worst case a list meets in practice: every plain text field of a row in
every table made long (sentences and an unbroken address), and an event, a run and a record with
long errors. Screenshots: list-<model>.png for the lists people read most.
"""

import io

import pytest

from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]
LONG_WORDS = "A value somebody typed that goes on and on, as real lookup tables and error messages do, " * 2
LONG_TOKEN = "first.middle.lastname.of.someone-with-a-long-name@a-department-of-a-long-organisation.example.com"
SHOTS = {"inboundevent", "run", "fieldmapping", "badgemapping", "connection"}


def _lengthen_text_fields(model) -> None:
    """The first row's free-text fields made long (unique fields and choices left alone: the
    lists show them as they are)."""
    from django.db import models

    row = model._default_manager.order_by("pk").first()
    if row is None:
        return
    long = {}
    for field in model._meta.concrete_fields:
        if type(field) not in (models.CharField, models.TextField) or field.unique or field.choices:
            continue
        text = f"{LONG_WORDS}{LONG_TOKEN}"
        long[field.name] = text[: field.max_length] if field.max_length else text
    if long:
        model._default_manager.filter(pk=row.pk).update(**long)


def _a_row(model) -> None:
    """One row in a table the demo leaves empty, its required fields filled plainly (a related
    row is the first one there is). A table whose rules this cannot meet stays empty."""
    from django.db import IntegrityError, models, transaction
    from django.utils import timezone

    if model._default_manager.exists() or model._meta.proxy:
        return
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or field.null or getattr(field, "auto_now_add", False):
            continue
        if field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.ForeignKey):
            values[field.name] = field.related_model._default_manager.order_by("pk").first()
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = "x"
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = timezone.localdate()
        elif isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField)):
            values[field.name] = 1
        elif isinstance(field, models.JSONField):
            values[field.name] = {}
    try:
        with transaction.atomic():
            model._default_manager.create(**values)
    except (IntegrityError, ValueError, TypeError):
        pass


def _long_failures():
    """An event, a run and a record as long as failures get."""
    from integrations.models import Connection
    from sync.models import EventStatus, Flow, InboundEvent, Outcome, Record, Run, RunStatus

    conn = Connection.objects.order_by("pk").first()
    event = InboundEvent.objects.create(
        connection=conn,
        event_type="a.rather.long.event.type.name.from.a.vendor",
        external_id=LONG_TOKEN,
        email=LONG_TOKEN[:254],
        dedupe_key="lists-fit",
        payload={},
        status=EventStatus.DEAD,
        attempts=6,
        last_error=LONG_WORDS + LONG_TOKEN,
    )
    run = Run.objects.create(
        flow=Flow.objects.order_by("pk").first(), event=event, status=RunStatus.FAILED, message=LONG_WORDS
    )
    Record.objects.create(
        run=run, source_ref=LONG_TOKEN, target_ref=LONG_TOKEN, outcome=Outcome.FAILED, message=LONG_WORDS
    )


# Django's admin lets the results box scroll on its own (`#changelist .results {overflow-x: auto}`),
# so a page that does not scroll can still hide columns: both must fit.
RESULTS_OVERFLOW = """() => {
  const box = document.querySelector('#changelist .results');
  return box && box.scrollWidth > box.clientWidth + 1 ? [box.scrollWidth, box.clientWidth] : null;
}"""


def _changelists():
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    for model in admin.site._registry:
        try:
            yield model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:  # an admin without a list of its own
            continue


def test_every_list_fits_1366_px_without_horizontal_scroll(page):
    from django.contrib import admin
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    _long_failures()
    for model in admin.site._registry:
        _a_row(model)
        _lengthen_text_fields(model)
    log_in(page)

    offenders, hidden_filters, seen = [], [], 0
    for model, url in _changelists():
        response = page.goto(url)
        if response is None or response.status != 200:
            continue  # a list the superuser is sent away from (none today) is not a list to fit
        seen += 1
        name = model._meta.model_name
        if not no_horizontal_scroll(page):
            width = page.evaluate("document.documentElement.scrollWidth")
            offenders.append(f"{url}: the page is {width} px wide")
        if cut := page.evaluate(RESULTS_OVERFLOW):
            offenders.append(f"{url}: the table is {cut[0]} px wide in a {cut[1]} px box")
        if page.locator("#changelist-filter").count() and not page.is_visible("#changelist-filter"):
            hidden_filters.append(url)
        if name in SHOTS:
            shot(page, f"list-{name}")

    assert seen >= 20, f"only {seen} lists were visited"
    assert not offenders, "lists wider than 1366 px:\n" + "\n".join(offenders)
    assert not hidden_filters, "filter sidebar out of sight:\n" + "\n".join(hidden_filters)
