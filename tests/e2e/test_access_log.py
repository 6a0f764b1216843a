"""A webhook token carried in the URL never reaches the web server's access log."""

import pytest

from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_url_token_is_not_in_the_access_log(live_hub, make_connection):
    conn, _, secret = make_connection("credly", slug="credly-token-log")
    live_hub.post(f"/hooks/{conn.slug}/?token={secret}", data=b"{}", headers={"Content-Type": "application/json"})
    line = wait_until(
        lambda: next((x for x in live_hub.log_tail(2000).splitlines() if f'"POST /hooks/{conn.slug}/' in x), None),
        message="the delivery's access-log line",
    )
    assert '"POST /hooks/credly-token-log/"' in line
    assert secret not in live_hub.log_tail(2000)
    assert "token=" not in line
