"""Emulator variants: documented ways a vendor's API may behave (a filter ignored, webhooks
signed otherwise, an endpoint missing), each switchable per emulator so the hub is tested under
every one. Each emulator lists its own in `Emulator.variants`; the switch is a database row, so
the web server, the workers and the tests all see the same state.
"""

from integrations.sandbox.base import emulator, emulators
from integrations.sandbox.models import SandboxVariant


def variant_on(system: str, name: str) -> bool:
    return SandboxVariant.objects.filter(system=system, name=name, enabled=True).exists()


def variant_set(*, system: str, name: str, on: bool) -> None:
    known = emulator(system).variants
    if name not in known:
        raise ValueError(f"the {system} emulator has no variant {name!r}; it has: {', '.join(known) or 'none'}")
    SandboxVariant.objects.update_or_create(system=system, name=name, defaults={"enabled": on})


def variants_all() -> dict[str, list[dict]]:
    """Every emulator's variants with what each does and whether it is on."""
    on = set(SandboxVariant.objects.filter(enabled=True).values_list("system", "name"))
    return {
        system: [{"name": n, "description": d, "on": (system, n) in on} for n, d in emu.variants.items()]
        for system, emu in emulators().items()
    }
