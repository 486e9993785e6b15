"""Login lockout (django-axes): five failed logins for one username from one
IP lock that pair out for an hour, on the Wagtail admin and the members' login;
the right password is then refused too, with a Danish page."""

from django.contrib.auth import get_user_model
from django.test import override_settings

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

User = get_user_model()
lockout_on = override_settings(AXES_ENABLED=True, RATELIMIT_ENABLE=False)


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("redaktoer", "redaktoer@example.org", "rigtig-kode-2018")


@pytest.fixture
def member(db):
    user = User.objects.create_user("medlem1", "medlem1@example.org", "rigtig-kode-2018")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def admin_login(client, password, username="redaktoer"):
    return client.post("/admin/login/", {"username": username, "password": password})


def member_login(client, password, login="medlem1@example.org"):
    return client.post("/medlem/login/", {"login": login, "password": password})


def logged_in(client):
    return "_auth_user_id" in client.session


@lockout_on
def test_admin_login_locked_after_five_failures(client, editor):
    for _attempt in range(4):
        response = admin_login(client, "forkert")
        assert response.status_code == 200
        assert not logged_in(client)
    assert admin_login(client, "forkert").status_code == 429  # the fifth failure locks
    response = admin_login(client, "rigtig-kode-2018")
    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "Login midlertidigt spærret" in html
    assert 'lang="da"' in html
    assert AccessAttempt.objects.filter(username="redaktoer").exists()


@lockout_on
def test_admin_login_four_failures_then_success_resets(client, editor):
    for _attempt in range(4):
        admin_login(client, "forkert")
    response = admin_login(client, "rigtig-kode-2018")
    assert response.status_code == 302
    assert logged_in(client)
    assert not AccessAttempt.objects.filter(username="redaktoer").exists()  # AXES_RESET_ON_SUCCESS


@lockout_on
def test_lockout_is_per_username_and_expires_after_an_hour(client, editor):
    other = User.objects.create_superuser("kollega", "kollega@example.org", "kollegas-kode-2018")
    with time_machine.travel("2026-03-01 12:00 +0100", tick=False):
        for _attempt in range(5):
            admin_login(client, "forkert")
        assert admin_login(client, "rigtig-kode-2018").status_code == 429
        # Another editor at the same address is not locked out.
        assert admin_login(client, "kollegas-kode-2018", username=other.username).status_code == 302
        client.logout()
    with time_machine.travel("2026-03-01 13:01 +0100", tick=False):
        response = admin_login(client, "rigtig-kode-2018")
        assert response.status_code == 302
        assert logged_in(client)


@lockout_on
def test_member_login_locked_after_five_failures(client, member):
    for _attempt in range(4):
        response = member_login(client, "forkert")
        assert response.status_code == 200  # the form again, with an error
        assert not logged_in(client)
    assert member_login(client, "forkert").status_code == 429  # the fifth failure locks
    response = member_login(client, "rigtig-kode-2018")
    assert response.status_code == 429
    assert not logged_in(client)
    assert "Login midlertidigt spærret" in response.content.decode()
    # Differently cased email counts as the same login.
    assert member_login(client, "rigtig-kode-2018", login="Medlem1@Example.org").status_code == 429


def test_lockout_is_off_in_the_test_settings_so_other_tests_can_log_in(client, editor):
    for _attempt in range(6):
        admin_login(client, "forkert")
    assert admin_login(client, "rigtig-kode-2018").status_code == 302
    assert client.login(username="redaktoer", password="rigtig-kode-2018")  # no request: backend skips
