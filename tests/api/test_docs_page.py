"""The API's browsable docs work offline: Swagger UI's files come from our own static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_docs_page_loads_swagger_ui_from_local_static(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("reader", password="pw-123456789"))
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi" in schema.content
