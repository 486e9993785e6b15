"""Every email allauth sends in the sign-up, confirm and reset flows, read
from the locmem outbox: Danish, in the movement's name, email-only."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
from allauth.account.models import EmailAddress

User = get_user_model()
NAME = "Den Nationale Samskabelsesbevægelse"
PASSWORD = "grøn-kaffe-2018"
# Words of allauth's English (and its "Hej fra <domain>") that must never reach a member.
FOREIGN = [
    "Hello",
    "Thank you",
    "receiving",
    "username",
    "brugernavn",
    "Hej fra",
    "127.0.0.1",
    "example.com",
    "Please",
    "password",
    "account",
]


def check(message, to, subject):
    assert message.to == [to]
    assert message.subject == f"[Samskabelsesbevægelsen] {subject}"
    body = message.body
    assert body.startswith("Hej\n")
    assert f"Venlig hilsen\n{NAME}\nhttp://testserver/" in body
    # The text itself, without its links and the notification's IP line.
    prose = re.sub(r"https?://\S+|- IP-adresse: \S+", "", body)
    for word in FOREIGN:
        assert word not in prose and word not in message.subject, (subject, word)
    for user in User.objects.filter(email__iexact=to).exclude(username="medlem"):  # the demo's own word
        assert not re.search(rf"\b{re.escape(user.username)}\b", prose.replace(to, "")), (subject, "username named")
    assert "{" not in body and "%" not in body.replace("%40", "")
    return body


def link(body):
    match = re.search(r"http://testserver(/medlem/\S+)", body)
    assert match, body
    return match.group(1)


def signup(client, email):
    return client.post("/medlem/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.fixture
def site(demo_site):
    mail.outbox.clear()
    return demo_site


def test_signup_and_confirmation_email(client, site):
    assert signup(client, "ny.medlem@example.org").status_code == 302
    (message,) = mail.outbox
    body = check(message, "ny.medlem@example.org", "Bekræft din e-mailadresse")
    assert f"Tak, fordi du vil være medlem af {NAME}." in body
    response = client.post(link(body))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ny.medlem@example.org").verified


def test_signup_with_an_existing_address(client, site):
    signup(client, "medlem@example.org")  # the demo member's address
    (message,) = mail.outbox
    body = check(message, "medlem@example.org", "Du har allerede en konto")
    assert "/medlem/password/reset/" in body


def test_password_reset_email_and_the_new_password(client, site):
    email = "medlem@example.org"
    assert client.post("/medlem/password/reset/", {"email": email}).status_code == 302
    (message,) = mail.outbox
    body = check(message, email, "Ny adgangskode")
    assert "Du logger ind med din e-mailadresse." in body
    response = client.get(link(body), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link(body)
    response = client.post(form_url, {"password1": "ny-stærk-kode-42", "password2": "ny-stærk-kode-42"})
    assert response.status_code == 302
    for extra in mail.outbox[1:]:  # notifications, if switched on
        check(extra, email, extra.subject.removeprefix("[Samskabelsesbevægelsen] "))


def test_password_reset_for_an_unknown_address(client, site):
    client.post("/medlem/password/reset/", {"email": "ukendt@example.org"})
    (message,) = mail.outbox
    body = check(message, "ukendt@example.org", "Ingen konto med denne e-mailadresse")
    assert "/medlem/signup/" in body


def test_notifications_are_danish_too(client, site, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    email = "medlem@example.org"
    client.post("/medlem/password/reset/", {"email": email})
    body = mail.outbox[-1].body
    response = client.get(link(body), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link(body)
    client.post(form_url, {"password1": "ny-stærk-kode-43", "password2": "ny-stærk-kode-43"})
    subjects = [m.subject for m in mail.outbox[1:]]
    assert subjects == ["[Samskabelsesbevægelsen] Din adgangskode er nulstillet"]
    body = check(mail.outbox[-1], email, "Din adgangskode er nulstillet")
    assert "IP-adresse:" in body


def test_login_form_asks_for_email_only(client, site):
    html = client.get("/medlem/login/").content.decode()
    assert 'name="login"' in html and 'type="email"' in html
    assert "brugernavn" not in html.lower() and "username" not in html.lower()
    signup_html = client.get("/medlem/signup/").content.decode()
    assert 'name="username"' not in signup_html and "brugernavn" not in signup_html.lower()
