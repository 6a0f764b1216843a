"""Dry runs in the base client: writes are refused before sending, reads (and POSTs marked as
reads) go out, and every POST in the code base is classified as one or the other."""

import ast
from pathlib import Path

import pytest
import responses

from integrations.client import ApiClient
from integrations.client.dry_run import DryRunWrite, dry_run, dry_run_active
from integrations.models import Connection

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://api.example.test"
# Every POST that writes, by "file:Class.method". A POST that only reads is marked at its call with
# `read=True` instead (a dry run then sends it). A new POST must be put in one place or the other.
POST_WRITES = {
    "integrations/certn/client.py:CertnClient.order_package",
    "integrations/certn/client.py:CertnClient.cancel_case",
    "integrations/certn/client.py:CertnClient.generate_report",  # Certn makes a report file: a write
    "integrations/credentially/client.py:CredentiallyClient.create_placement",
    "integrations/credentially/client.py:CredentiallyClient.create_subscription",
    "integrations/credly/client.py:CredlyClient.issue_badge",
    "integrations/credly/client.py:CredlyClient.replace_badge",
    "integrations/docebo/client.py:DoceboClient.create_course_dropdown_field",
    "integrations/docebo/client_records.py:RecordsMixin.create_external_training",
    "integrations/docebo/client_records.py:RecordsMixin.award_certification",
    "integrations/icims/client.py:IcimsClient.create_workflow",
    "integrations/icims/client.py:IcimsClient.add_collection_entry",
}
WRITE_HELPERS = {"post_json": "POST", "put_json": "PUT", "patch_json": "PATCH"}


class Client(ApiClient):
    system = "test"


@pytest.fixture
def client():
    return Client(Connection(system="credly", base_url=BASE))


def _calls_sending(method_filter):
    """(place, method, keywords) of every call sending a write, outside the emulators and the base client."""
    found = []
    for folder in ("integrations", "sync", "mappings", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = str(path.relative_to(ROOT))
            if {"sandbox", "migrations"} & set(path.parts) or rel == "integrations/client/base.py":
                continue
            found += [(f"{rel}:{name}", m, kw) for name, m, kw in _write_calls(ast.parse(path.read_text()))]
    return [c for c in found if method_filter(c[1])]


def _write_calls(tree):
    out, scope = [], []

    class Visitor(ast.NodeVisitor):
        def visit_ClassDef(self, node):
            scope.append(node.name)
            self.generic_visit(node)
            scope.pop()

        visit_FunctionDef = visit_ClassDef

        def visit_Call(self, node):
            func, method = node.func, None
            if isinstance(func, ast.Attribute) and func.attr in WRITE_HELPERS:
                method = WRITE_HELPERS[func.attr]
            elif isinstance(func, ast.Attribute) and func.attr == "request" and node.args:
                first = node.args[0]
                method = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if method and method.upper() != "GET":
                kws = {k.arg: getattr(k.value, "value", None) for k in node.keywords if k.arg}
                out.append((".".join(scope), method.upper(), kws))
            self.generic_visit(node)

    Visitor().visit(tree)
    return out


def test_every_post_is_classified_as_a_read_or_a_write():
    posts = _calls_sending(lambda m: m == "POST")
    unclassified = sorted(place for place, _, kw in posts if kw.get("read") is not True and place not in POST_WRITES)
    assert unclassified == [], (
        "classify these POSTs for dry runs: add read=True at the call if it only reads (a dry run sends it), "
        f"or list it in POST_WRITES here (a dry run refuses it): {unclassified}"
    )
    stale = POST_WRITES - {place for place, _, _ in posts}
    assert stale == set(), f"POST_WRITES names calls that no longer exist: {stale}"


def test_only_a_post_may_be_marked_as_a_read():
    marked = [(place, m) for place, m, kw in _calls_sending(lambda m: m != "POST") if kw.get("read")]
    assert marked == []


def test_known_reads_are_marked():
    reads = {place for place, _, kw in _calls_sending(lambda m: m == "POST") if kw.get("read") is True}
    assert reads >= {
        "integrations/client/oauth.py:ClientCredentials.request_token",
        "integrations/icims/client.py:IcimsClient.search",
    }


@responses.activate
def test_a_write_in_a_dry_run_is_refused_before_anything_is_sent(client):
    with dry_run(), pytest.raises(DryRunWrite) as refused:
        client.post_json("/organizations/o/badges?x=1", {"recipient_email": "a@example.com", "api_key": "k"})
    assert len(responses.calls) == 0 and client.calls == 0
    write = refused.value
    assert (write.method, write.path, write.system) == ("POST", "/organizations/o/badges", "test")
    assert write.body == {"recipient_email": "a@example.com", "api_key": "(secret, not shown)"}
    assert str(write).startswith("would POST test /organizations/o/badges {")
    assert 'k"' not in str(write)
    assert not dry_run_active()


@responses.activate
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_other_write_method_is_refused(client, method):
    with dry_run(), pytest.raises(DryRunWrite):
        client.request(method, "/x", json={"a": 1})
    assert len(responses.calls) == 0


@responses.activate
def test_reads_and_posts_marked_as_reads_are_sent_in_a_dry_run(client):
    responses.get(f"{BASE}/x", json={"ok": 1})
    responses.post(f"{BASE}/search", json={"found": []})
    with dry_run():
        assert client.get_json("/x") == {"ok": 1}
        assert client.post_json("/search", {"q": 1}, read=True) == {"found": []}
    assert len(responses.calls) == 2


@responses.activate
def test_outside_a_dry_run_writes_are_sent(client):
    responses.post(f"{BASE}/x", json={"id": 1})
    assert client.post_json("/x", {"a": 1}) == {"id": 1}


@responses.activate
def test_the_oauth_token_is_fetched_in_a_dry_run(db):
    from integrations.docebo.client import DoceboClient

    conn = Connection.objects.create(
        system="docebo", name="d", slug="d", base_url=BASE, credentials={"client_id": "c", "client_secret": "s"}
    )
    responses.post(f"{BASE}/oauth2/token", json={"access_token": "t", "expires_in": 3600})
    responses.get(f"{BASE}/manage/v1/user", json={"data": {"items": [], "has_more_data": False}})
    with dry_run():
        list(DoceboClient(conn).iter_users())
    assert [c.request.method for c in responses.calls] == ["POST", "GET"]


def test_a_file_is_described_by_name_and_size_and_long_values_are_cut():
    from integrations.client.dry_run import request_body

    assert request_body({"files": {"file": ("passport.pdf", b"x" * 1000, "application/pdf")}}) == {
        "files": {"file": {"filename": "passport.pdf", "bytes": 1000}}
    }
    cut = request_body({"json": {"note": "y" * 5000, "nested": [{"client_secret": "s"}]}})
    assert cut["note"].endswith("(5000 characters)") and len(cut["note"]) < 260
    assert cut["nested"] == [{"client_secret": "(secret, not shown)"}]
    assert len(str(DryRunWrite("POST", "/p", {"note": "z" * 5000}))) < 330
