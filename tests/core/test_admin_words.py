"""Words the admin shows: help texts keep their <placeholders>, no two entries share a name."""

import html

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils.safestring import SafeData

from integrations.forms import ConnectionForm
from integrations.systems import all_specs

PROJECT_APPS = ("integrations", "sync", "mappings", "api")


def project_fields():
    for model in apps.get_models():
        if model.__module__.startswith(PROJECT_APPS):
            for field in model._meta.get_fields():
                if getattr(field, "help_text", ""):
                    yield f"{model._meta.label}.{field.name}", field.help_text


def test_help_texts_with_angle_brackets_are_escaped_so_the_admin_shows_them():
    """The admin renders help texts as HTML: a plain "<package id>" would vanish as an unknown tag."""
    lost = [name for name, text in project_fields() if "<" in str(text) and not isinstance(text, SafeData)]
    assert lost == []


@pytest.mark.parametrize("system", [s.key for s in all_specs()])
def test_connection_form_help_texts_are_escaped(system):
    form = ConnectionForm(system=system)
    lost = [
        name for name, f in form.fields.items() if "<" in str(f.help_text) and not isinstance(f.help_text, SafeData)
    ]
    assert lost == []


@pytest.mark.django_db
def test_the_package_id_help_shows_its_placeholders(admin_client):
    page = admin_client.get("/admin/screening/checkpackage/add/").content.decode()
    assert "https://client.certn.co/&lt;ca|uk|au&gt;/package/&lt;package id&gt;/" in page
    page = admin_client.get("/admin/compliance/fieldmapping/add/").content.decode()
    assert "custom.&lt;field short name&gt;" in page


def test_the_certn_region_help_says_which_region_a_sandbox_connection_uses():
    help_text = html.unescape(ConnectionForm(system="certn").fields["region"].help_text)
    assert "Certn's sandbox (api.sandbox.certn.co) uses region sandbox" in help_text
    assert "/sandbox/certn/<ca|uk|au>/: choose that region (CA, UK or AU)" in help_text


def test_no_two_admin_entries_share_a_name():
    names = [model._meta.verbose_name_plural.lower() for model in admin.site._registry]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    labels = {model._meta.label: str(model._meta.verbose_name_plural) for model in admin.site._registry}
    assert labels["badges.IntegrationSetting"] == "badge settings"
    assert labels["screening.ScreeningSettings"] == "screening settings"
    assert labels["integrations.SandboxFault"] == "sandbox fault switches"
