"""Two-factor authentication (TOTP) for the Wagtail admin (movement/security/two_factor.py)."""

from django.contrib.auth import get_user_model
from django.test import override_settings

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

User = get_user_model()


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def editor(home_page):
    return User.objects.create_superuser("tofaktor", "tofaktor@example.org", "rigtig-kode-2018")


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)


def test_password_alone_does_not_open_the_admin_when_a_device_exists(client, editor, device):
    response = client.post("/admin/login/", {"username": "tofaktor", "password": "rigtig-kode-2018"})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/?next=/admin/")
    for url in ("/admin/pages/", "/admin/images/", "/admin/users/"):
        assert client.get(url).status_code == 302, url

    page = client.get("/admin/2fa/?next=/admin/pages/")
    assert page.status_code == 200
    assert "Totrinsbekræftelse" in page.content.decode()

    wrong = client.post("/admin/2fa/", {"token": "000000" if code(device) != "000000" else "111111", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "Koden er forkert" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a wrong code
    right = client.post("/admin/2fa/", {"token": code(device), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_next_cannot_leave_the_site(client, editor, device):
    client.force_login(editor)
    response = client.post("/admin/2fa/", {"token": code(device), "next": "https://ond.example/"})
    assert response["Location"] == "/admin/"


def test_users_without_a_device_are_not_asked(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_required_superusers_set_up_a_device_first(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/2fa/opsaet/"

    setup = client.get("/admin/2fa/opsaet/")
    assert setup.status_code == 200
    html = setup.content.decode()
    assert "<svg" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert setup.context["secret"] in html

    confirmed = client.post("/admin/2fa/opsaet/", {"token": code(device)})
    assert confirmed.status_code == 200
    assert "Totrinsbekræftelse er slået til" in confirmed.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_members_login_is_not_affected(client, home_page):
    member = User.objects.create_user("m2fa", "m2fa@example.org", "x")
    TOTPDevice.objects.create(user=member, name="Telefon", confirmed=True)
    client.force_login(member)
    assert client.get("/medlem/").status_code == 200
    assert client.get("/admin/2fa/").status_code == 302  # not an admin user: sent away
