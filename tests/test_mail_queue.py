"""Mail failures are not errors: with nothing listening on the SMTP port,
signup, password reset and event registration answer as usual, create
everything once, and queue the email; when a real SMTP server (aiosmtpd)
answers, the worker sends each queued email exactly once."""

import re
import sys

from django.core.mail import send_mail
from django.test import override_settings
from django.utils import timezone

import pytest

from events import demo
from events.forms import make_token
from events.models import EventPage, Registration
from movement.models import OutgoingEmail
from movement.operations import tasks
from tests.live import ROOT, free_port
from tests.mail import deliver_queue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_unknown_email_url_scheme_refuses_to_start():
    import subprocess

    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "movement.settings.dev", "EMAIL_URL": "consolemail://"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "consolemail" in result.stderr and "smtp:" in result.stderr and "console:" in result.stderr


def test_dead_mail_server_is_no_error_and_mail_is_sent_once_when_it_answers(client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from allauth.account.models import EmailAddress

    call_command("load_demo_content", verbosity=0)
    event = EventPage.objects.get(slug=demo.DEMO_SLUG)
    member = get_user_model().objects.create_user("m", "kendt@example.org", "gammel-kode-2018")
    EmailAddress.objects.create(user=member, email="kendt@example.org", verified=True, primary=True)
    port = free_port()  # nothing listens here
    with override_settings(
        EMAIL_BACKEND="movement.operations.mail.QueuedEmailBackend",
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
        EMAIL_RETRY_BACKOFF=0.2,
    ):
        signup = client.post(
            "/medlem/signup/",
            {"email": "ny@example.org", "password1": "grøn-kaffe-2018", "password2": "grøn-kaffe-2018"},
        )
        assert signup.status_code == 302
        sent_page = client.get(signup["Location"])
        assert "prøver vi automatisk igen" in sent_page.content.decode()
        assert get_user_model().objects.filter(email="ny@example.org").count() == 1

        reset = client.post("/medlem/password/reset/", {"email": "kendt@example.org"})
        assert reset.status_code == 302
        assert "prøver vi automatisk igen" in client.get(reset["Location"]).content.decode()

        registration = client.post(
            event.url,
            {
                "name": "Anne Andersen",
                "email": "anne@example.org",
                "organisation": "RUC",
                "job_title": "Lektor",
                "website": "",
                "token": make_token(event, issued_at=timezone.now().timestamp() - 10),
            },
        )
        assert registration.status_code == 302
        assert "prøver vi automatisk igen" in client.get(registration["Location"]).content.decode()
        assert Registration.objects.filter(email="anne@example.org").count() == 1

        send_mail("Til godkendelse", "En side venter.", None, ["godkender@example.org"])  # as workflow notices do
        assert OutgoingEmail.objects.count() == 4

        tasks.run_pending()  # the mail server does not answer
        assert OutgoingEmail.objects.filter(status="pending", attempts__gte=1).count() == 4
        assert all(row.last_error for row in OutgoingEmail.objects.all())

        messages = deliver_queue(port, settle=1)

    by_recipient = {}
    for recipients, content in messages:
        for recipient in recipients:
            by_recipient.setdefault(recipient, []).append(content)
    assert sorted(by_recipient) == ["anne@example.org", "godkender@example.org", "kendt@example.org", "ny@example.org"]
    assert all(len(contents) == 1 for contents in by_recipient.values())  # once each
    assert "text/calendar" in by_recipient["anne@example.org"][0]  # the .ics survived the queue

    # The queued confirmation works: the new member confirms and logs in.
    body = by_recipient["ny@example.org"][0].replace("=\r\n", "").replace("=\n", "")
    link = re.search(r"https?://[^/\s]+(/medlem/confirm-email/[^\s]+/)", body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(email="ny@example.org").verified
