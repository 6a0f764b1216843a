"""Emulator variants: listed per emulator, switched from the command, the page and the fixture."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from integrations.sandbox.base import Emulator, emulators
from integrations.sandbox.variants import variant_on, variant_set, variants_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_variant(monkeypatch):
    """Give the Credly emulator one variant for these tests, whatever the real ones are."""
    emu = emulators()["credly"]
    monkeypatch.setattr(type(emu), "variants", {"demo_variant": "behaves the other documented way"})
    return emu


def test_variants_are_listed_per_system_as_json(fake_variant):
    out = StringIO()
    call_command("sandbox", "variants", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert set(listed) == set(emulators())
    assert listed["credly"] == [
        {"name": "demo_variant", "description": "behaves the other documented way", "on": False}
    ]


def test_command_switches_a_variant_on_and_off(fake_variant):
    call_command("sandbox", "variant", "credly", "demo_variant", "on", stdout=StringIO())
    assert variant_on("credly", "demo_variant")
    call_command("sandbox", "variant", "credly", "demo_variant", "off", stdout=StringIO())
    assert not variant_on("credly", "demo_variant")


@pytest.mark.parametrize(
    "args", [("credly", "no_such", "on"), ("nosystem", "demo_variant", "on"), ("credly", "demo_variant", "maybe")]
)
def test_command_refuses_unknown_variants_systems_and_states(fake_variant, args):
    with pytest.raises(CommandError):
        call_command("sandbox", "variant", *args, stdout=StringIO())


def test_sandbox_page_shows_and_saves_the_switches(client, fake_variant):
    page = client.get("/sandbox/credly/")
    assert b"demo_variant" in page.content and b"Save variants" in page.content
    client.post("/sandbox/credly/_variants/", {"on": ["demo_variant"]})
    assert variants_all()["credly"][0]["on"] is True
    client.post("/sandbox/credly/_variants/", {})
    assert not variant_on("credly", "demo_variant")


def test_fixture_switches_on_for_the_test(fake_variant, sandbox_variant):
    sandbox_variant("credly", "demo_variant")
    assert variant_on("credly", "demo_variant")


def test_an_unknown_variant_is_refused_by_the_service(fake_variant):
    with pytest.raises(ValueError, match="has no variant"):
        variant_set(system="credly", name="nope", on=True)
    assert Emulator.variants == {}
