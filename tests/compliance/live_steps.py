"""Steps shared by the compliance connector's end-to-end stories (real server, real worker, sandboxes)."""

import secrets

from integrations.icims.payloads import WorkflowData


def seed_sandboxes():
    """The iCIMS and Credentially sandboxes, their connections and the demo's stage triggers."""
    from demo import compliance as demo
    from demo import credentially as credentially_demo
    from demo import icims as icims_demo

    ats, credentially = icims_demo.seed(), credentially_demo.seed()
    demo.seed()
    ats.refresh_from_db()
    credentially.refresh_from_db()
    return ats, credentially


def press(live_hub, system: str, name: str, **fields) -> None:
    """Press a sandbox page button as a person would (with the form's CSRF token)."""
    csrf = secrets.token_hex(16)
    answer = live_hub.post(
        f"/sandbox/{system}/_actions/{name}/",
        data={**fields, "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]


def workflow_at(ats, status: str) -> WorkflowData:
    icims = ats.client()
    [hit] = icims.search_workflows(status=status)
    return WorkflowData.from_api(hit["id"], icims.get_workflow(hit["id"]))


ADMIN_PASSWORD = "a-long-password-1"


def admin_session(live_hub, username: str = "boss"):
    """A requests session logged in to the live hub's admin as a superuser, and a CSRF token for its forms."""
    import requests
    from django.contrib.auth.models import User

    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, f"{username}@example.com", ADMIN_PASSWORD)
    session = requests.Session()
    session.get(live_hub.url + "/admin/login/", timeout=30)  # sets the csrftoken cookie
    csrf = session.cookies["csrftoken"]
    answer = session.post(
        live_hub.url + "/admin/login/?next=/admin/",
        data={"username": username, "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": csrf, "next": "/admin/"},
        headers={"Referer": live_hub.url + "/admin/login/"},
        timeout=30,
    )
    assert answer.ok and "sessionid" in session.cookies, answer.text[:500]
    return session, session.cookies["csrftoken"]  # rotated at login
