"""The Certn emulator's variants: base64 or no signatures, report PDF links that expire in 15 minutes."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from integrations.certn.sandbox import EMULATOR, state
from integrations.certn.sandbox.models import Case
from integrations.certn.sandbox.tasks import finish_report
from tests.certn.helpers import call, order

pytestmark = pytest.mark.django_db


def test_default_signs_in_hex(client, ca, sent):
    order(client, ca)
    expected = hmac.new(ca.webhook_secret.encode(), sent[0]["raw"], hashlib.sha256).hexdigest()
    assert sent[0]["headers"] == {"X-Signature": expected}
    assert EMULATOR.credentials("ca")["webhook_secret"] == ca.webhook_secret


def test_signs_base64(client, ca, sent, sandbox_variant):
    sandbox_variant("certn", "signs_base64")
    order(client, ca)
    digest = hmac.new(ca.webhook_secret.encode(), sent[0]["raw"], hashlib.sha256).digest()
    assert sent[0]["headers"] == {"X-Signature": base64.b64encode(digest).decode()}


def test_unsigned_sends_no_signature_and_gives_no_secret(client, ca, sent, sandbox_variant):
    sandbox_variant("certn", "unsigned")
    order(client, ca)
    assert sent[0]["headers"] == {}
    assert "webhook_secret" not in EMULATOR.credentials("ca")


def pdf_url(client, ca) -> str:
    case_id = order(client, ca).json()["id"]
    state.case_set_status(Case.objects.get(pk=case_id), "COMPLETE", score="CLEAR")
    file_id = call(client, ca, "POST", f"cases/{case_id}/generate-report/").json()["case_report_file_id"]
    finish_report(file_id)
    return call(client, ca, "GET", f"cases/report-files/{file_id}/").json()["pdf_url"]


def opens_after(client, url: str, minutes: int) -> int:
    with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
        return client.get(url).status_code


def test_pdf_links_expire_15_min(client, ca, sent, sandbox_variant):
    sandbox_variant("certn", "pdf_links_expire_15_min")
    url = pdf_url(client, ca)
    assert "X-Amz-Expires=900" in url
    assert opens_after(client, url, 14) == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        expired = client.get(url)
    assert expired.status_code == 403 and b"Request has expired" in expired.content


def test_default_pdf_links_last_a_day(client, ca, sent):
    url = pdf_url(client, ca)
    assert opens_after(client, url, 16) == 200
    assert opens_after(client, url, 24 * 60 + 1) == 403


def test_each_read_of_the_report_file_hands_out_a_fresh_link(client, ca, sent, sandbox_variant):
    sandbox_variant("certn", "pdf_links_expire_15_min")
    first = pdf_url(client, ca)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        file_id = first.split("/reports/")[1].split(".pdf")[0]
        fresh = call(client, ca, "GET", f"cases/report-files/{file_id}/").json()["pdf_url"]
        assert client.get(first).status_code == 403
        assert client.get(fresh).status_code == 200
