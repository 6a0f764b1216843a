"""The webhook settings form on a sandbox page: shown (filled from a hub connection or not), filled
from the hub's one-time page (the password in the POST body), saved, and a target removed.
See `integrations.sandbox.webhook_settings`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.sandbox.base import emulator
from integrations.sandbox.webhook_settings import form_context, hub_connections, posted_values


def webhook_context(emu, *, connection_slug: str = "", username: str = "", secret: str = "") -> dict | None:
    """The form of `emu`'s webhook settings, filled from the hub connection `connection_slug` if
    given (with the username and password the hub showed once, when they were carried over)."""
    form = emu.webhook_settings()
    if form is None:
        return None
    connections = hub_connections(emu.system)
    chosen = next((c for c in connections if c.slug == connection_slug), None)
    values = form.prefill(chosen, username=username, secret=secret) if chosen else {}
    return {
        "form": form,
        "fields": form_context(form, values),
        "connections": connections,
        "chosen": chosen,
        "carried_secret": bool(secret),
        "targets": form.targets(),
        "shows": form.shows(),
    }


# Like the page's actions, these stand in for a vendor's own UI, never on in production: exempt
# from CSRF so that the hub's one-time page and tests can post to them.
@csrf_exempt
@require_POST
def webhook_fill(request, system: str):
    """From the hub's one-time page: the vendor's form filled with the webhook URL, username and
    the password just issued (carried in this POST body, never in a URL)."""
    from integrations.sandbox.views import render_page

    emu = _emulator(system)
    context = webhook_context(
        emu,
        connection_slug=request.POST.get("connection", ""),
        username=request.POST.get("username", ""),
        secret=request.POST.get("secret", ""),
    )
    if context is None:
        raise Http404("this system has no webhook settings page")
    response = render_page(request, emu, context)
    response["Cache-Control"] = "no-store"  # the page holds a password
    return response


@csrf_exempt
@require_POST
def webhook_save(request, system: str):
    form = _form(system)
    try:
        messages.success(request, form.save(**posted_values(form, request.POST)))
    except (ValueError, LookupError) as exc:
        messages.error(request, f"{form.title}: not saved: {exc}")
    return redirect("sandbox:page", system=system)


@csrf_exempt
@require_POST
def webhook_remove(request, system: str):
    form = _form(system)
    try:
        messages.success(request, form.remove(request.POST.get("target", "")))
    except (ValueError, LookupError) as exc:
        messages.error(request, f"Not removed: {exc}")
    return redirect("sandbox:page", system=system)


def _form(system: str):
    form = _emulator(system).webhook_settings()
    if form is None:
        raise Http404("this system has no webhook settings page")
    return form


def _emulator(system: str):
    try:
        return emulator(system)
    except KeyError:
        raise Http404("no emulator for this system") from None
