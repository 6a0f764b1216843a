"""Admin logins are throttled (django-axes): after repeated failures for one user from one address
the right password is refused too, until the pause ends or an admin lifts it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def attempt(client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "ann", "password": password})


def test_five_wrong_passwords_lock_the_user_out_until_an_admin_unlocks(client, settings):
    User.objects.create_user("ann", password="the-right-password-1", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    locked = attempt(client, "the-right-password-1")
    assert locked.status_code == 429
    assert b"Signing in is paused" in locked.content
    AccessAttempt.objects.filter(username="ann").delete()  # what "unlock" in the admin does
    assert attempt(client, "the-right-password-1").status_code == 302


def test_a_few_mistakes_then_the_right_password_still_work(client):
    User.objects.create_user("ann", password="the-right-password-1", is_staff=True)
    for _ in range(2):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, "the-right-password-1").status_code == 302


def test_the_login_page_explains_the_pause(client):
    assert b"signing in is paused" in client.get("/admin/login/").content
