"""Members on the public site (allauth): sign up, confirm, log in and out,
reset a password, delete one's account; no admin access; the staff's list."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from movement.demo import DEMO_MEMBER, ensure_demo_users

pytestmark = pytest.mark.django_db

User = get_user_model()
EMAIL, PASSWORD = DEMO_MEMBER


@pytest.fixture
def demo_member(db):
    ensure_demo_users()
    return User.objects.get(email=EMAIL)


def link_in_last_email():
    match = re.search(r"https?://testserver(/medlem/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def login(client, email=EMAIL, password=PASSWORD):
    return client.post("/medlem/login/", {"login": email, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_member_pages_are_danish_and_on_the_public_site(client):
    for url, heading in [
        ("/medlem/", "Medlem af Samskabelsesbevægelsen"),
        ("/medlem/login/", "Log ind som medlem"),
        ("/medlem/signup/", "Bliv medlem"),
        ("/medlem/password/reset/", "Nulstil adgangskode"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f"<h1>{heading}</h1>" in html
        assert 'lang="da"' in html
        assert 'class="site-header"' in html  # our base.html, not the admin
        # allauth's own form labels come out in Danish, not its English defaults.
        for english in ("Password", "Sign In", "Sign Up", "Email address"):
            assert english not in html, (url, english)


def test_signup_sends_confirmation_and_unconfirmed_member_cannot_log_in(client):
    response = client.post(
        "/medlem/signup/",
        {"email": "ny@example.org", "password1": "grøn-kaffe-2018", "password2": "grøn-kaffe-2018"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")
    assert not user.is_staff
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@example.org"]
    assert "/medlem/confirm-email/" in mail.outbox[0].body
    assert not is_logged_in(client)

    # Mandatory verification: logging in only re-sends the confirmation.
    login(client, "ny@example.org", "grøn-kaffe-2018")
    assert not is_logged_in(client)

    # Confirming the address lets the member in.
    confirm_url = link_in_last_email()
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    login(client, "ny@example.org", "grøn-kaffe-2018")
    assert is_logged_in(client)


def test_signup_with_bad_input_gets_a_form_with_errors(client):
    response = client.post("/medlem/signup/", {"email": "ikke-en-adresse", "password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not User.objects.filter(email="ikke-en-adresse").exists()


def test_login_and_logout(client, demo_member):
    response = login(client)
    assert response.status_code == 302
    assert is_logged_in(client)
    response = client.post("/medlem/logout/")
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_wrong_password_is_refused(client, demo_member):
    response = login(client, password="forkert")
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_password_reset(client, demo_member):
    response = client.post("/medlem/password/reset/", {"email": EMAIL})
    assert response.status_code == 302
    reset_url = link_in_last_email()
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(form_url, {"password1": "ny-stærk-kode-42", "password2": "ny-stærk-kode-42"})
    assert response.status_code == 302
    client.logout()
    login(client, password="ny-stærk-kode-42")
    assert is_logged_in(client)


def test_member_deletes_own_account(client, demo_member):
    client.force_login(demo_member)
    response = client.get("/medlem/slet-konto/")
    assert response.status_code == 200
    assert "Slet min konto" in response.content.decode()

    response = client.post("/medlem/slet-konto/", {"password": "forkert"})
    assert response.status_code == 400
    assert "Adgangskoden er forkert" in response.content.decode()
    assert User.objects.filter(pk=demo_member.pk).exists()

    response = client.post("/medlem/slet-konto/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=demo_member.pk).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    assert not is_logged_in(client)


def test_delete_account_needs_login(client):
    response = client.get("/medlem/slet-konto/")
    assert response.status_code == 302
    assert response["Location"].startswith("/medlem/login/")


def test_members_have_no_admin_access(client, demo_member):
    client.force_login(demo_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_see_the_member_list(admin_client, demo_member):
    unconfirmed = User.objects.create_user(username="ubekraeftet", email="u@example.org", password="x")
    response = admin_client.get("/admin/medlemmer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert EMAIL in html
    assert unconfirmed.email in html
    assert "admin@example.com" not in html  # pytest-django's admin is staff, not a member
    response = admin_client.get("/admin/medlemmer/?q=u%40example")
    assert EMAIL not in response.content.decode()


def test_member_list_query_count_does_not_grow(admin_client, django_assert_max_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get("/admin/medlemmer/").status_code == 200
        return len(ctx.captured_queries)

    # Both sizes fill more than one listing page, so pagination is the same.
    for n in range(30):
        User.objects.create_user(username=f"m{n}", email=f"m{n}@example.org")
    count_queries()  # warm per-process caches (content types, site settings)
    thirty = count_queries()
    for n in range(30, 90):
        User.objects.create_user(username=f"m{n}", email=f"m{n}@example.org")
    assert count_queries() == thirty


def test_members_cannot_see_the_member_list(client, demo_member):
    client.force_login(demo_member)
    assert client.get("/admin/medlemmer/").status_code in {302, 403}
    client.logout()
    response = client.get("/admin/medlemmer/")
    assert response.status_code == 302


def test_account_pages_for_a_logged_in_member_use_our_layout(client, demo_member):
    client.force_login(demo_member)
    for url in ("/medlem/", "/medlem/email/", "/medlem/password/change/", "/medlem/logout/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="site-header"' in html, url
        assert "/admin/" not in html, url
    assert EMAIL in client.get("/medlem/").content.decode()


def test_confirmation_email_is_danish(client):
    client.post(
        "/medlem/signup/",
        {"email": "dansk@example.org", "password1": "grøn-kaffe-2018", "password2": "grøn-kaffe-2018"},
    )
    message = mail.outbox[-1]
    assert message.subject.startswith("[Samskabelsesbevægelsen] ")
    assert "Bekræft" in message.subject or "bekræft" in message.body.lower()
