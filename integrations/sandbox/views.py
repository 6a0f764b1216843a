"""The sandbox pages: every emulator's state, its vendor-side actions and its fault switches."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.sandbox.base import emulator, emulators
from integrations.sandbox.models import SandboxDelivery, SandboxFault
from integrations.sandbox.variants import variant_set, variants_all
from integrations.sandbox.webhook_views import webhook_context
from integrations.systems import spec


class FaultForm(forms.ModelForm):
    class Meta:
        model = SandboxFault
        fields = [
            "latency_ms",
            "error_rate",
            "error_status",
            "retry_after_seconds",
            "fail_next",
            "timeout_rate",
            "hang_seconds",
        ]


def index(request):
    cards = [{"emulator": e, "info": e.info()} for e in emulators().values()]
    return render(request, "sandbox/index.html", {"cards": cards})


def page(request, system: str):
    emu = _emulator(system)
    return render_page(request, emu, webhook_context(emu, connection_slug=request.GET.get("connection", "")))


def render_page(request, emu, webhook: dict | None):
    """The emulator's page; `webhook` is its webhook settings form, filled or not."""
    fault, _ = SandboxFault.objects.get_or_create(system=emu.system)
    context = {
        "emulator": emu,
        "info": emu.info(),
        "webhook": webhook,
        "connect_rows": _connect_rows(emu),
        "sections": emu.sections(),
        "actions": [_action_context(a) for a in emu.actions()],
        "fault_form": FaultForm(instance=fault),
        "variants": variants_all()[emu.system],
        "deliveries": SandboxDelivery.objects.filter(system=emu.system)[:20],
    }
    return render(request, "sandbox/page.html", context)


# The sandbox stands in for vendors' own UIs and is never on in production; its actions are
# exempt from CSRF so scripts and end-to-end tests can drive them like a person would.
@csrf_exempt
@require_POST
def run_action(request, system: str, name: str):
    emu = _emulator(system)
    action = next((a for a in emu.actions() if a.name == name), None)
    if action is None:
        raise Http404("no such action")
    values = {f.name: request.POST.get(f.name, "").strip() for f in action.fields}
    try:
        messages.success(request, action.run(**values) or f"{action.label}: done")
    except (ValueError, LookupError) as exc:
        messages.error(request, f"{action.label}: {exc}")
    return redirect("sandbox:page", system=system)


@csrf_exempt
@require_POST
def save_faults(request, system: str):
    _emulator(system)
    fault, _ = SandboxFault.objects.get_or_create(system=system)
    form = FaultForm(request.POST, instance=fault)
    if form.is_valid():
        form.save()
        messages.success(request, "Fault switches saved.")
    else:
        messages.error(request, f"Fault switches not saved: {form.errors.as_text()}")
    return redirect("sandbox:page", system=system)


@csrf_exempt
@require_POST
def save_variants(request, system: str):
    emu = _emulator(system)
    chosen = set(request.POST.getlist("on"))
    for name in emu.variants:
        variant_set(system=system, name=name, on=name in chosen)
    messages.success(request, f"Variants on: {', '.join(sorted(chosen & set(emu.variants))) or 'none'}.")
    return redirect("sandbox:page", system=system)


@csrf_exempt
def unknown_path(request, system: str, rest: str):
    emu = _emulator(system)
    return emu.error_response(request, 404, f"No such endpoint: {request.method} /{rest}")


def _emulator(system: str):
    try:
        return emulator(system)
    except KeyError:
        raise Http404("no emulator for this system") from None


def _connect_rows(emu) -> list[tuple[str, str]]:
    """What this vendor hands an admin to connect the hub, labelled as the hub's connection form
    labels it: base URL, (region), credentials and settings."""
    info, system_spec = emu.info(), spec(emu.system)
    labels = {f.name: f.label for f in (*system_spec.credentials, *system_spec.settings)}
    rows = [("Base URL", info["base_url"])]
    if getattr(emu, "connect_region", ""):
        rows.append(("Region", emu.connect_region))
    rows += [(labels.get(k, k), str(v)) for k, v in {**info["credentials"], **info["settings"]}.items()]
    return rows


def _action_context(action) -> dict:
    fields = [
        {"name": f.name, "label": f.label, "default": f.default, "choices": f.choices() if f.choices else None}
        for f in action.fields
    ]
    return {"action": action, "fields": fields}
