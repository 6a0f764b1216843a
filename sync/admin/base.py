"""What every engine admin shares: read-only logs, JSON shown readably, times printed as the admin
prints them, long sentences shortened in lists, the technical detail collapsed, Retry now buttons."""

import json

from django import forms
from django.contrib import admin
from django.utils import formats, timezone
from django.utils.html import format_html


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


DETAIL_HELP = "What went wrong, for whoever maintains Crosswalk or the other system: exception, call, status, answer."


def help_texts(model, **shown_as) -> type[forms.ModelForm]:
    """A form that gives the page's computed fields the help text of the field each one shows
    (`status_live="status"`), or a text of its own."""
    texts = {
        name: model._meta.get_field(field).help_text if " " not in field else field for name, field in shown_as.items()
    }
    meta = type("Meta", (), {"model": model, "fields": [], "help_texts": texts})
    return type(f"{model.__name__}HelpForm", (forms.ModelForm,), {"Meta": meta})


def pretty_json(value) -> str:
    return format_html("<pre style='white-space:pre-wrap'>{}</pre>", json.dumps(value, indent=2, sort_keys=True))


def when(value) -> str:
    """A time as the admin prints its date fields everywhere (the locale's format, local time)."""
    return formats.localize(timezone.localtime(value)) if value else "-"


def when_lines(value):
    """The same, date above time, for a narrow list column."""
    if not value:
        return "-"
    local = timezone.localtime(value)
    return format_html(
        "{}<br><small>{}</small>", formats.date_format(local, "DATE_FORMAT"), formats.time_format(local, "TIME_FORMAT")
    )


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_with_title(text: str, limit: int = 90):
    """The start of a sentence in a list cell; the whole of it shows on hover."""
    return format_html("<span title='{}'>{}</span>", text, shorten(text, limit)) if text else "-"


def detail_block(text: str):
    """The technical detail, collapsed: one click away, never in the admin's face."""
    if not text:
        return "-"
    return format_html(
        "<details><summary>Show the technical detail</summary><pre style='white-space:pre-wrap'>{}</pre></details>",
        text,
    )


def retry_button(url: str):
    """A per-row "Retry now": submits the page's own form (which carries the CSRF token) to `url`."""
    return format_html(
        "<button type='submit' class='button' formaction='{}' formmethod='post' formnovalidate "
        "style='padding:3px 8px;white-space:nowrap'>Retry now</button>",
        url,
    )
